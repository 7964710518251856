package dev.mixlab.mixtures.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.mixtures.pool.SyntheticPool;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixtureBuilderTest {
    private static final int SEQ_LEN = 512;
    private static final String SPEC =
            """
            name: builder-test
            tokenizer: cl100k_base
            seq_len: 512
            seed: 3
            sources:
              - {name: text, kind: text, inputs: text.jsonl}
              - {name: code, kind: code, inputs: code.jsonl}
            mixtures:
              - {name: half, weights: {text: 0.5, code: 0.5}, budget: 600K}
              - {name: code-heavy, weights: {text: 0.3, code: 0.7}, budget: 800K, max_repetition: {code: 2}}
              - {name: too-much, weights: {text: 0.1, code: 0.9}, budget: 1M, max_repetition: {code: 1.5}}
            """;
    private static final MixtureBuilder.Options OPTIONS =
            MixtureBuilder.Options.DEFAULTS.withRowsPerShard(256);

    @TempDir static Path shared;
    @TempDir Path out;

    private static AblationSpec ablation;
    private static Map<String, SyntheticPool.Written> written;
    private static Map<String, Pool> pools;

    @BeforeAll
    static void writePools() throws IOException {
        ablation = SpecLoader.parse(shared.resolve("spec.yaml"), SPEC);
        written = new LinkedHashMap<>();
        written.put(
                "text",
                SyntheticPool.write(
                        shared.resolve("pools"),
                        "text",
                        "text",
                        1200,
                        0.05,
                        1,
                        PoolWriter.Options.DEFAULTS));
        written.put(
                "code",
                SyntheticPool.write(
                        shared.resolve("pools"),
                        "code",
                        "code",
                        500,
                        0.05,
                        2,
                        SyntheticPool.smallParts()));
        pools = new LinkedHashMap<>();
        written.forEach((source, w) -> pools.put(source, w.pool()));
    }

    private static MixtureSpec mixture(String name) {
        return ablation.mixture(name).orElseThrow();
    }

    /** Every row of a split in stream order, read back independently of the builder. */
    private static List<MixtureRow> rows(Path mixtureDir, MixtureManifest.SplitSummary split) {
        List<MixtureRow> rows = new ArrayList<>();
        for (ShardWriter.ShardInfo shard : split.shards()) {
            try (ParquetRowReader<MixtureRow> reader =
                    ParquetRowReader.open(mixtureDir.resolve(shard.file()), MixtureRow.FORMAT)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    @Test
    void buildsExactProportionsWithFullRowsInEveryPrefix() throws Exception {
        Path dir = out.resolve("half");
        MixtureManifest manifest =
                MixtureBuilder.build(ablation, mixture("half"), pools, dir, OPTIONS);

        List<MixtureRow> rows = rows(dir, manifest.train());
        assertThat(rows).hasSize((600_000 + SEQ_LEN - 1) / SEQ_LEN);
        assertThat(rows).allSatisfy(row -> assertThat(row.inputIds()).hasSize(SEQ_LEN));
        assertThat(manifest.train().shards()).hasSize((rows.size() + 255) / 256);
        assertThat(manifest.train().shards().get(0).file()).isEqualTo("part-00000.parquet");
        // The size and hash recorded while writing are those of the file on disk.
        for (ShardWriter.ShardInfo shard : manifest.train().shards())
            assertThat(shard).isEqualTo(ShardWriter.describe(dir, shard.file()));

        Map<String, Long> counts =
                rows.stream()
                        .collect(Collectors.groupingBy(MixtureRow::source, Collectors.counting()));
        manifest.train()
                .sources()
                .forEach(
                        (source, summary) -> {
                            assertThat(counts.get(source)).isEqualTo(summary.rows());
                            assertThat(Math.abs(summary.rows() * SEQ_LEN - summary.targetTokens()))
                                    .as(source)
                                    .isLessThan(SEQ_LEN);
                            assertThat(summary.targetTokens()).isEqualTo(300_000);
                            assertThat(summary.epochs()).isLessThan(1);
                            assertThat(summary.languages()).as(source).isNotEmpty();
                            assertThat(
                                            summary.languages().values().stream()
                                                    .mapToLong(Long::longValue)
                                                    .sum())
                                    .as("tokens per language of " + source + " add up")
                                    .isEqualTo(summary.tokens());
                        });

        // The prefix property on the written stream: |count_s − P·w_s| ≤ ½ row for two sources.
        long text = 0;
        double share = (double) manifest.train().sources().get("text").rows() / rows.size();
        for (int prefix = 1; prefix <= rows.size(); prefix++) {
            if (rows.get(prefix - 1).source().equals("text")) text++;
            assertThat(Math.abs(text - prefix * share))
                    .as("after %d rows", prefix)
                    .isLessThanOrEqualTo(0.5 + 1e-9);
        }

        assertThat(manifest.validation().rows()).isPositive();
        assertThat(rows(dir, manifest.validation()))
                .allSatisfy(row -> assertThat(row.inputIds()).hasSize(SEQ_LEN));
        assertThat(manifest.validation().shards())
                .allSatisfy(s -> assertThat(s.file()).startsWith("validation/part-"));
        assertThat(manifest.spec().maxRepetition()).containsEntry("text", 1.0);
        assertThat(manifest.tokenizer().pools()).isEqualTo(SyntheticPool.TOKENIZER);
        assertThat(manifest.pools().get("code").fingerprint())
                .isEqualTo(pools.get("code").fingerprint());
        assertThat(manifest.buildTime()).isNull();
        assertThat(MixtureManifest.read(dir)).isEqualTo(manifest);
    }

    @Test
    void upsampledSourceRepeatsItsPoolInSeededEpochsAndDocStartsReconstructIt() throws Exception {
        Path dir = out.resolve("code-heavy");
        MixtureManifest manifest =
                MixtureBuilder.build(ablation, mixture("code-heavy"), pools, dir, OPTIONS);
        SourceSummary code = manifest.train().sources().get("code");
        assertThat(code.epochs()).isBetween(1.0, 2.0);
        assertThat(code.epochsStarted()).isEqualTo(2);
        assertThat(code.documents()).isGreaterThan(pools.get("code").stats().trainDocuments());

        List<MixtureRow> rows = rows(dir, manifest.train());
        for (String source : List.of("text", "code")) {
            SourceSummary summary = manifest.train().sources().get(source);
            List<MixtureRow> ofSource =
                    rows.stream().filter(r -> r.source().equals(source)).toList();
            List<int[]> expected =
                    PackedDocuments.expected(
                            written.get(source).split(PoolRecord.Split.TRAIN),
                            3,
                            source,
                            summary.tokens());
            assertThat(PackedDocuments.of(ofSource, SEQ_LEN, summary.paddedTokens()))
                    .as(source)
                    .containsExactlyElementsOf(expected);
            assertThat(summary.documents()).isEqualTo(expected.size());
        }
        List<MixtureRow> validation = rows(dir, manifest.validation());
        for (String source : List.of("text", "code")) {
            List<MixtureRow> ofSource =
                    validation.stream().filter(r -> r.source().equals(source)).toList();
            assertThat(
                            PackedDocuments.of(
                                    ofSource,
                                    SEQ_LEN,
                                    manifest.validation().sources().get(source).paddedTokens()))
                    .containsExactlyElementsOf(
                            written.get(source).split(PoolRecord.Split.VALIDATION).stream()
                                    .map(PoolRecord::inputIds)
                                    .toList());
        }
    }

    @Test
    void demandBeyondMaxRepetitionFailsBeforeWritingAnything() {
        Path dir = out.resolve("too-much");
        assertThatThrownBy(
                        () ->
                                MixtureBuilder.build(
                                        ablation, mixture("too-much"), pools, dir, OPTIONS))
                .isInstanceOf(InsufficientSupplyException.class)
                .hasMessageContaining("mixture 'too-much': source 'code'")
                .hasMessageContaining("demand 900,000 tokens")
                .hasMessageContaining(
                        String.format(
                                Locale.ROOT,
                                "supply %,d train tokens",
                                pools.get("code").stats().trainTokens()))
                .hasMessageContaining("max_repetition 1.5 epochs");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void rebuildIsByteIdenticalAndAFinishedBuildIsSkipped() throws Exception {
        MixtureManifest first =
                MixtureBuilder.build(
                        ablation, mixture("half"), pools, out.resolve("a/half"), OPTIONS);
        MixtureManifest second =
                MixtureBuilder.build(
                        ablation, mixture("half"), pools, out.resolve("b/half"), OPTIONS);
        assertThat(second).isEqualTo(first);
        assertThat(contents(out.resolve("b/half"))).isEqualTo(contents(out.resolve("a/half")));

        Path shard = out.resolve("a/half/part-00000.parquet");
        Files.setLastModifiedTime(shard, FileTime.fromMillis(0));
        assertThat(
                        MixtureBuilder.build(
                                ablation, mixture("half"), pools, out.resolve("a/half"), OPTIONS))
                .isEqualTo(first);
        assertThat(Files.getLastModifiedTime(shard).toMillis()).as("not rewritten").isZero();

        MixtureManifest timed =
                MixtureBuilder.build(
                        ablation,
                        mixture("half"),
                        pools,
                        out.resolve("c/half"),
                        OPTIONS.withBuildTime(Instant.parse("2026-11-27T10:00:00Z")));
        assertThat(timed.buildTime()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(timed.withoutBuildTime()).isEqualTo(first);
    }

    @Test
    void anInterruptedBuildLeavesNoManifestAndARerunCompletesIt() throws Exception {
        MixtureManifest reference =
                MixtureBuilder.build(
                        ablation,
                        mixture("code-heavy"),
                        pools,
                        out.resolve("reference/code-heavy"),
                        OPTIONS);
        Path dir = out.resolve("run/code-heavy");
        MixtureBuilder.Options crashing =
                OPTIONS.withListener(
                        (split, shard, index, count) -> {
                            if (index == 2) throw new IOException("disk full (simulated)");
                        });
        assertThatThrownBy(
                        () ->
                                MixtureBuilder.build(
                                        ablation, mixture("code-heavy"), pools, dir, crashing))
                .hasMessageContaining("disk full");
        assertThat(dir).doesNotExist();
        List<Path> partial;
        try (Stream<Path> left = Files.list(dir.getParent())) {
            partial = left.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList();
        }
        assertThat(partial)
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.getFileName().toString())
                                        .startsWith(".code-heavy.partial-"));
        assertThat(partial.get(0).resolve("part-00002.parquet")).exists();
        assertThat(partial.get(0).resolve(MixtureManifest.FILE_NAME)).doesNotExist();
        // What a worker killed while writing shard 3 leaves beside it.
        Files.writeString(
                partial.get(0).resolve(".part-00003.parquet.5f0c1e2a.tmp"), "half a shard");

        List<Integer> written = new ArrayList<>();
        MixtureManifest resumed =
                MixtureBuilder.build(
                        ablation,
                        mixture("code-heavy"),
                        pools,
                        dir,
                        OPTIONS.withListener(
                                (split, shard, index, count) -> {
                                    if (split == PoolRecord.Split.TRAIN) written.add(index);
                                }));
        assertThat(written).hasSize(reference.train().shards().size());
        assertThat(resumed).isEqualTo(reference);
        assertThat(contents(dir))
                .as("exactly the files the manifest lists, nothing left by the interrupted build")
                .isEqualTo(contents(out.resolve("reference/code-heavy")));
        try (Stream<Path> left = Files.list(dir.getParent())) {
            assertThat(left.toList()).containsExactlyInAnyOrder(dir, lockFile(dir));
        }
        assertThat(lockFile(dir)).as("released: emptied").isEmptyFile();
        assertThat(MixtureInspector.verify(dir).ok()).isTrue();
    }

    private static Path lockFile(Path mixtureDir) {
        return mixtureDir.resolveSibling("." + mixtureDir.getFileName() + ".lock");
    }

    @Test
    void inspectionFlagsEveryFileTheManifestDoesNotList() throws Exception {
        Path dir = out.resolve("unlisted/code-heavy");
        MixtureBuilder.build(ablation, mixture("code-heavy"), pools, dir, OPTIONS);
        Files.writeString(dir.resolve(".part-00001.parquet.0d7e.tmp"), "leftover");
        Files.copy(dir.resolve("part-00000.parquet"), dir.resolve("validation/part-09999.parquet"));

        MixtureInspector.Report report = MixtureInspector.verify(dir);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems())
                .containsExactly(
                        ".part-00001.parquet.0d7e.tmp is not listed in the manifest (a leftover of an"
                                + " interrupted build, or added by hand): remove it, or rebuild the"
                                + " mixture with --force",
                        "validation/part-09999.parquet is not listed in the manifest (a leftover of an"
                                + " interrupted build, or added by hand): remove it, or rebuild the"
                                + " mixture with --force");
    }

    @Test
    void duckDbReadsTheShardsIndependently() throws Exception {
        Path dir = out.resolve("half");
        MixtureManifest manifest =
                MixtureBuilder.build(ablation, mixture("half"), pools, dir, OPTIONS);
        Map<String, long[]> bySource = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            String glob = dir.resolve("part-*.parquet").toString().replace("'", "''");
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT source, count(*), min(len(input_ids)), max(len(input_ids)), "
                                    + "sum(len(doc_starts)) FROM read_parquet('"
                                    + glob
                                    + "') GROUP BY source ORDER BY source")) {
                while (rs.next())
                    bySource.put(
                            rs.getString(1),
                            new long[] {
                                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)
                            });
            }
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT DISTINCT compression FROM parquet_metadata('" + glob + "')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ZSTD");
                assertThat(rs.next()).isFalse();
            }
        }
        assertThat(bySource).containsOnlyKeys("code", "text");
        bySource.forEach(
                (source, stats) -> {
                    SourceSummary summary = manifest.train().sources().get(source);
                    assertThat(stats[0]).isEqualTo(summary.rows());
                    assertThat(stats[1]).isEqualTo(SEQ_LEN);
                    assertThat(stats[2]).isEqualTo(SEQ_LEN);
                    assertThat(stats[3]).isEqualTo(summary.documents());
                });
    }

    @Test
    void windowShuffleReordersRowsWithinTheStatedTolerance() throws Exception {
        MixtureManifest plain =
                MixtureBuilder.build(
                        ablation,
                        mixture("code-heavy"),
                        pools,
                        out.resolve("plain/code-heavy"),
                        OPTIONS);
        Path dir = out.resolve("shuffled/code-heavy");
        MixtureManifest shuffled =
                MixtureBuilder.build(
                        ablation, mixture("code-heavy"), pools, dir, OPTIONS.withShuffleWindow(64));
        assertThat(shuffled.layout().shuffleWindow()).isEqualTo(64);
        assertThat(shuffled.fingerprint()).isNotEqualTo(plain.fingerprint());

        List<MixtureRow> plainRows = rows(out.resolve("plain/code-heavy"), plain.train());
        List<MixtureRow> rows = rows(dir, shuffled.train());
        assertThat(rows).isNotEqualTo(plainRows).containsExactlyInAnyOrderElementsOf(plainRows);

        double share = (double) shuffled.train().sources().get("code").rows() / rows.size();
        double tolerance = 3 * 0.5 + 64 * share * (1 - share);
        long code = 0;
        for (int prefix = 1; prefix <= rows.size(); prefix++) {
            if (rows.get(prefix - 1).source().equals("code")) code++;
            assertThat(Math.abs(code - prefix * share))
                    .as("after %d rows", prefix)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void inspectorVerifiesShardsAndDecodesRows() throws Exception {
        Path dir = out.resolve("half");
        MixtureManifest manifest =
                MixtureBuilder.build(ablation, mixture("half"), pools, dir, OPTIONS);

        MixtureInspector.Report report = MixtureInspector.verify(dir);
        assertThat(report.problems()).isEmpty();
        assertThat(report.sources().get(PoolRecord.Split.TRAIN))
                .allSatisfy(
                        check -> {
                            assertThat(check.foundRows()).isEqualTo(check.expectedRows());
                            assertThat(check.share())
                                    .isCloseTo(check.weight(), Offset.offset(SEQ_LEN / 600_000.0));
                            assertThat(check.maxPrefixError())
                                    .isPositive()
                                    .isLessThanOrEqualTo(check.prefixTolerance());
                        });

        List<MixtureInspector.DecodedRow> decoded =
                MixtureInspector.decode(
                        dir,
                        PoolRecord.Split.TRAIN,
                        3,
                        ids ->
                                Arrays.stream(ids)
                                        .mapToObj(
                                                id -> id == SyntheticPool.EOS ? "<eos>" : "t" + id)
                                        .collect(Collectors.joining(" ")));
        assertThat(decoded).hasSize(3);
        assertThat(decoded)
                .extracting(MixtureInspector.DecodedRow::position)
                .containsExactly(0L, 1L, 2L);
        assertThat(decoded.get(0).documents())
                .hasSize(
                        decoded.get(0).docStarts().length
                                + (decoded.get(0).docStarts()[0] == 0 ? 0 : 1));
        assertThat(decoded.get(0).documents().get(0)).startsWith("t");
        assertThat(String.join(" ", decoded.get(0).documents()).split(" ")).hasSize(SEQ_LEN);

        Path shard = dir.resolve(manifest.train().shards().get(1).file());
        try (FileChannel channel = FileChannel.open(shard, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), 100);
        }
        assertThat(MixtureInspector.verify(dir).problems())
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("part-00001.parquet")
                                        .contains("SHA-256")
                                        .contains("rebuild"));
    }

    /** Every file under {@code dir} by relative path, with the SHA-256 of its bytes. */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file :
                    walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                files.put(dir.relativize(file).toString(), Sha256.hexOf(file));
            }
        }
        return files;
    }
}
