package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.filters.decontaminate.EvalIndex.ItemContamination;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.pool.PoolContamination;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decontamination in a real curation: benchmark items (the openings of Europarl speeches that are
 * not in the corpus) planted in Europarl documents are dropped or redacted as their shared 13-grams
 * say, an item whose words are boilerplate (in more than {@code max_document_frequency} documents)
 * is ignored, the pools of Direct and embedded Flink are byte-identical, the reverse index matches
 * a brute-force count, and conservation holds.
 */
class DecontaminationCurationTest {
    @TempDir static Path dir;
    static List<String> items;
    static String boilerplate;
    static final int BOILERPLATE_DOCS = 12;
    static Map<String, String> corpus;
    static CurationFixtures.Run direct;
    static CurationFixtures.Run flink;

    private static String[] words(String text) {
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(w -> w.matches("\\p{L}(.*\\p{L})?"))
                .toArray(String[]::new);
    }

    private static String join(String[] words, int from, int to) {
        return String.join(" ", Arrays.copyOfRange(words, from, to));
    }

    private static String plant(String host, String inserted) {
        int middle = host.indexOf(' ', host.length() / 2);
        return host.substring(0, middle) + " " + inserted + " " + host.substring(middle + 1);
    }

    @BeforeAll
    static void curate() throws Exception {
        List<String> europarl = CurationFixtures.europarl(460);
        List<String> hosts = europarl.stream().filter(t -> t.length() > 1500).toList();
        // Items: 40 words from the start of speeches 400.. (not in the corpus).
        items = new ArrayList<>();
        for (String speech : europarl.subList(400, 460)) {
            String[] w = words(speech);
            if (w.length >= 40) items.add(join(w, 0, 40));
            if (items.size() == 5) break;
        }
        // 20 words appended to 12 speeches, more than the default cut-off of 10 documents: a
        // formula, not a leaked item, although an evaluation item consists of it.
        boilerplate = join(words(items.remove(4)), 0, 20);
        String[] a = words(items.get(0));
        String[] b = words(items.get(1));
        corpus = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) corpus.put(String.format("ep-%04d", i), europarl.get(i));
        for (int i = 10; i < 10 + BOILERPLATE_DOCS; i++)
            corpus.compute(String.format("ep-%04d", i), (id, text) -> text + " " + boilerplate);
        corpus.put("zz-exact", plant(hosts.get(0), items.get(0)));
        corpus.put("zz-case", plant(hosts.get(1), items.get(1).toUpperCase(Locale.ROOT)));
        corpus.put("zz-spacing", plant(hosts.get(2), String.join(" \n\t ", b)));
        corpus.put("zz-punct", plant(hosts.get(3), String.join(", ", a) + "!"));
        corpus.put("zz-one-13gram", plant(hosts.get(4), join(b, 10, 23)));
        corpus.put(
                "zz-only-12grams", plant(hosts.get(5), join(a, 0, 12) + " und " + join(a, 13, 25)));
        corpus.put("zz-split-1", hosts.get(6) + " " + join(a, 0, 12));
        corpus.put("zz-split-2", join(a, 12, 24) + " " + hosts.get(7));
        corpus.put("zz-lines", plant(hosts.get(8), items.get(3)));

        StringBuilder jsonl = new StringBuilder();
        corpus.forEach((id, text) -> jsonl.append(CurationFixtures.jsonl(id, text)));
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/europarl.jsonl"), jsonl.toString());
        StringBuilder tasks = new StringBuilder();
        for (String item : items.subList(0, 3)) {
            String[] w = words(item);
            tasks.append(
                    "{\"context\": "
                            + CurationFixtures.quote(join(w, 0, 30))
                            + ", \"choices\": ["
                            + CurationFixtures.quote("x")
                            + ", "
                            + CurationFixtures.quote(join(w, 30, 40))
                            + "], \"gold\": 1}\n");
        }
        Files.writeString(dir.resolve("probes.jsonl"), tasks.toString());
        Files.writeString(dir.resolve("lines.txt"), items.get(3) + "\n" + boilerplate + "\n");
        Files.writeString(dir.resolve("drop.yaml"), spec("drop"));
        Files.writeString(dir.resolve("redact.yaml"), spec("redact"));
        Files.writeString(
                dir.resolve("no-cutoff.yaml"), spec("drop") + "  max_document_frequency: 0\n");
        direct =
                CurationFixtures.curate(
                        dir.resolve("drop.yaml"),
                        dir.resolve("work-direct"),
                        RunnerChoice.direct(),
                        false);
        flink =
                CurationFixtures.curate(
                        dir.resolve("drop.yaml"),
                        dir.resolve("work-flink"),
                        RunnerChoice.embeddedFlink(),
                        false);
    }

    private static String spec(String mode) {
        return """
                tokenizer: bytes
                sources:
                  - name: text
                    kind: speeches
                    inputs: corpus/europarl.jsonl
                    dedup: {near: false}
                decontamination:
                  mode: %s
                  sets:
                    - {name: probes, format: tasks, files: [probes.jsonl]}
                    - {name: lines, format: text, files: [lines.txt]}
                """
                .formatted(mode);
    }

    private static Set<String> ids(Path pool) {
        Set<String> ids = new HashSet<>();
        CurationFixtures.records(pool).forEach(r -> ids.add(r.id()));
        return ids;
    }

    @Test
    void plantedItemsAreDroppedUnderTheirSetAndTheRestIsKept() {
        Set<String> kept = ids(direct.only().poolDir());
        assertThat(kept)
                .doesNotContain(
                        "zz-exact",
                        "zz-case",
                        "zz-spacing",
                        "zz-punct",
                        "zz-one-13gram",
                        "zz-lines")
                .contains("zz-only-12grams", "zz-split-1", "zz-split-2", "ep-0000")
                .contains("ep-0010", "ep-0021");
        PoolStats stats = direct.only().stats();
        JsonNode dropped = stats.extra().get("dropped");
        assertThat(dropped.get("decontaminate.probes").asLong()).isEqualTo(5);
        assertThat(dropped.get("decontaminate.lines").asLong()).isEqualTo(1);
        assertThat(stats.extra().get("conservation").get("holds").asBoolean()).isTrue();
        JsonNode sets = stats.extra().get("decontamination").get("sets");
        assertThat(sets.get("probes").get("docs_touched").asLong()).isEqualTo(5);
        assertThat(sets.get("probes").get("items").asInt()).isEqualTo(3);
        assertThat(sets.get("probes").get("membership").asText()).isEqualTo("exact");
        assertThat(sets.get("lines").get("items_overlapped").asLong()).isEqualTo(1);
        // The boilerplate item's 8 13-grams are each in 12 documents: ignored, and listed.
        assertThat(sets.get("lines").get("ngrams_ignored").asLong()).isEqualTo(8);
        assertThat(sets.get("probes").get("ngrams_ignored").asLong()).isZero();
        JsonNode example = sets.get("lines").get("ignored_examples").get(0);
        assertThat(example.get("docs").asLong()).isEqualTo(BOILERPLATE_DOCS);
        assertThat(boilerplate).contains(example.get("text").asText());
        assertThat(stats.extra().get("decontamination").get("max_document_frequency").asLong())
                .isEqualTo(10);
    }

    @Test
    void withoutTheCutoffTheBoilerplateDropsEveryDocumentThatHasIt() {
        CurationFixtures.Run noCutoff =
                CurationFixtures.curate(
                        dir.resolve("no-cutoff.yaml"),
                        dir.resolve("work-direct"),
                        RunnerChoice.direct(),
                        false);
        assertThat(ids(noCutoff.only().poolDir()))
                .doesNotContain("ep-0010", "ep-0021", "zz-lines")
                .contains("ep-0009", "ep-0022");
        PoolStats stats = noCutoff.only().stats();
        assertThat(stats.extra().get("dropped").get("decontaminate.lines").asLong())
                .isEqualTo(1 + BOILERPLATE_DOCS);
        assertThat(
                        stats.extra()
                                .get("decontamination")
                                .get("sets")
                                .get("lines")
                                .get("ngrams_ignored")
                                .asLong())
                .isZero();
    }

    @Test
    void directAndFlinkPoolsAreByteIdentical() throws Exception {
        assertThat(fileHashes(flink.only().poolDir()))
                .isEqualTo(fileHashes(direct.only().poolDir()))
                .containsKey(PoolContamination.FILE_NAME);
    }

    @Test
    void theReverseIndexMatchesABruteForceCount() {
        List<ItemContamination> index = PoolContamination.read(direct.only().poolDir());
        assertThat(index).hasSize(5);
        List<String> itemTexts = new ArrayList<>();
        for (String item : items.subList(0, 3)) {
            String[] w = words(item);
            itemTexts.add(join(w, 0, 30) + "\n" + join(w, 30, 40));
        }
        itemTexts.add(items.get(3));
        for (int i = 0; i < 4; i++) {
            Set<String> itemNgrams = ngrams(itemTexts.get(i));
            long docs =
                    corpus.values().stream()
                            .distinct()
                            .filter(t -> !java.util.Collections.disjoint(ngrams(t), itemNgrams))
                            .count();
            assertThat(index.get(i).docs()).as("item %d", i).isEqualTo(docs);
        }
        assertThat(index.get(0).set()).isEqualTo("probes");
        assertThat(index.get(0).docId()).isZero();
        assertThat(index.get(3).set()).isEqualTo("lines");
        // The boilerplate item's n-grams were ignored, so no document counts as overlapping it.
        assertThat(index.get(4).docs()).isZero();
    }

    /** 13-grams of words as strings, normalised by regular expressions rather than the stage. */
    private static Set<String> ngrams(String text) {
        String[] w =
                Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+"))
                        .map(s -> s.replaceAll("[\\p{P}\\p{S}&&[^\\u0080-\\uffff]]|\\p{P}", ""))
                        .filter(s -> !s.isEmpty())
                        .toArray(String[]::new);
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 13 <= w.length; i++) out.add(join(w, i, i + 13));
        return out;
    }

    @Test
    void redactModeKeepsTheDocumentsWithoutTheCopies() {
        CurationFixtures.Run redact =
                CurationFixtures.curate(
                        dir.resolve("redact.yaml"),
                        dir.resolve("work-direct"),
                        RunnerChoice.direct(),
                        false);
        assertThat(redact.only().poolDir()).isNotEqualTo(direct.only().poolDir());
        Map<String, PoolRecord> byId = new TreeMap<>();
        CurationFixtures.records(redact.only().poolDir()).forEach(r -> byId.put(r.id(), r));
        // A kind without catalog filters: what is kept or dropped here is the stage's doing.
        assertThat(byId.keySet()).contains("zz-exact", "zz-case", "zz-one-13gram");
        String redacted =
                new String(
                        toBytes(byId.get("zz-exact").inputIds()),
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(redacted).doesNotContain(join(words(items.get(0)), 0, 5));
        assertThat(redacted.length()).isLessThan(corpus.get("zz-exact").length() - 400);
        JsonNode sets = redact.only().stats().extra().get("decontamination").get("sets");
        assertThat(sets.get("probes").get("chars_removed").asLong()).isPositive();
        assertThat(redact.only().stats().extra().get("conservation").get("holds").asBoolean())
                .isTrue();
    }

    /** The bytes tokenizer's ids back to bytes (ids 0-255 are bytes, 256 the end of text). */
    private static byte[] toBytes(int[] ids) {
        byte[] bytes = new byte[ids.length];
        int n = 0;
        for (int id : ids) if (id < 256) bytes[n++] = (byte) id;
        return Arrays.copyOf(bytes, n);
    }

    private static Map<String, String> fileHashes(Path poolDir) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(poolDir)) {
            for (Path f :
                    files.filter(p -> !p.getFileName().toString().equals("run.json")).toList())
                hashes.put(f.getFileName().toString(), Sha256.hexOf(f));
        }
        return hashes;
    }
}
