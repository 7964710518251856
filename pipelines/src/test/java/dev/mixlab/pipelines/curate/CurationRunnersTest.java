package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same curation on Beam's Direct runner and on embedded Flink gives byte-identical pools; near
 * and exact duplicates planted in real Europarl text are dropped by the keep-smallest rule; a rerun
 * reuses the pool and a changed setting builds a new one.
 */
class CurationRunnersTest {
    @TempDir static Path dir;
    static Path spec;
    static CurationFixtures.Run direct;
    static CurationFixtures.Run flink;

    @BeforeAll
    static void curateOnBothRunners() throws Exception {
        List<String> europarl = CurationFixtures.europarl(400);
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < europarl.size(); i++)
            corpus.append(CurationFixtures.jsonl(String.format("ep-%04d", i), europarl.get(i)));
        // Planted: an exact copy, and a near copy (one word changed in a long speech) of two
        // documents.
        corpus.append(CurationFixtures.jsonl("zz-exact-copy", europarl.get(10)));
        String longest =
                europarl.stream()
                        .max((a, b) -> Integer.compare(a.length(), b.length()))
                        .orElseThrow();
        int space = longest.indexOf(' ', longest.length() / 2);
        corpus.append(
                CurationFixtures.jsonl(
                        "zz-near-copy",
                        longest.substring(0, space) + " indeed" + longest.substring(space)));
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/europarl.jsonl"), corpus.toString());
        spec = dir.resolve("runners.yaml");
        Files.writeString(
                spec,
                """
                tokenizer: cl100k_base
                sources:
                  - name: text
                    kind: text
                    inputs: corpus/europarl.jsonl
                    heldout_fraction: 0.1
                    filters:
                      gopher_quality: {fallback_language: auto, line_break_space_run: 3, min_lines_for_line_rules: 2}
                      c4: {line_break_space_run: 3, min_lines_for_line_rules: 2, min_sentences: 3}
                      fineweb: {line_break_space_run: 3, min_lines_for_line_rules: 2}
                """);
        direct =
                CurationFixtures.curate(
                        spec, dir.resolve("work-direct"), RunnerChoice.direct(), false);
        flink =
                CurationFixtures.curate(
                        spec, dir.resolve("work-flink"), RunnerChoice.embeddedFlink(), false);
    }

    private static Map<String, String> fileHashes(Path poolDir) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(poolDir)) {
            for (Path f :
                    files.filter(p -> !p.getFileName().toString().equals("run.json")).toList()) {
                hashes.put(f.getFileName().toString(), Sha256.hexOf(f));
            }
        }
        return hashes;
    }

    @Test
    void directAndFlinkPoolsAreByteIdentical() throws Exception {
        assertThat(direct.only().poolDir().getFileName())
                .isEqualTo(flink.only().poolDir().getFileName());
        Map<String, String> directFiles = fileHashes(direct.only().poolDir());
        assertThat(directFiles)
                .containsKeys("stats.json", "quarantine.jsonl", "part-00000.parquet");
        assertThat(fileHashes(flink.only().poolDir())).isEqualTo(directFiles);
    }

    @Test
    void plantedDuplicatesAreDroppedKeepingTheSmallestId() {
        List<PoolRecord> records = CurationFixtures.records(direct.only().poolDir());
        List<String> ids = records.stream().map(PoolRecord::id).toList();
        assertThat(ids).doesNotContain("zz-exact-copy", "zz-near-copy").contains("ep-0010");
        PoolStats stats = direct.only().stats();
        assertThat(stats.extra().get("dropped").get("exact_dedup.duplicate").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(stats.extra().get("dropped").get("near_dedup.duplicate").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(stats.validationDocuments()).isBetween(15L, 70L);
        assertThat(records).allSatisfy(r -> assertThat(r.lang()).matches("[a-z]{2}"));
    }

    @Test
    void rerunReusesThePoolAndChangedSettingsBuildANewOne() throws Exception {
        CurationFixtures.Run again =
                CurationFixtures.curate(
                        spec, dir.resolve("work-direct"), RunnerChoice.direct(), false);
        assertThat(again.only().reused()).isTrue();
        assertThat(again.only().poolDir()).isEqualTo(direct.only().poolDir());
        Files.writeString(
                spec,
                Files.readString(spec).replace("heldout_fraction: 0.1", "heldout_fraction: 0.2"));
        try {
            CurationFixtures.Run changed =
                    CurationFixtures.curate(
                            spec, dir.resolve("work-direct"), RunnerChoice.direct(), false);
            assertThat(changed.only().reused()).isFalse();
            assertThat(changed.only().poolDir()).isNotEqualTo(direct.only().poolDir());
        } finally {
            Files.writeString(
                    spec,
                    Files.readString(spec)
                            .replace("heldout_fraction: 0.2", "heldout_fraction: 0.1"));
        }
    }
}
