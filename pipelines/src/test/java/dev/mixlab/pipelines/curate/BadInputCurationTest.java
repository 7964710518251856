package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input named by the curation issue, mixed into real Europarl text and
 * lucene-core sources: the job finishes, each bad record is quarantined (or counted as dropped)
 * with its reason and location, and conservation holds.
 */
class BadInputCurationTest {
    @TempDir static Path dir;
    static CurationFixtures.Run run;
    static Path textPool;
    static Path codePool;
    static List<String> europarl;

    @BeforeAll
    static void curateBadCorpora() throws Exception {
        europarl = CurationFixtures.europarl(62);
        Path text = Files.createDirectories(dir.resolve("corpus/text"));
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 40; i++)
            good.append(CurationFixtures.jsonl("ep-" + i, europarl.get(i)));
        good.append("{\"id\": \"broken\", \"text\": \"no closing brace\"\n"); // malformed JSON
        good.append(
                "{\"id\": \"no-text\", \"body\": \"the text is under another key\"}\n"); // missing
        // text
        // field
        good.append(CurationFixtures.jsonl("blank", "   \n  ")); // whitespace only
        good.append(CurationFixtures.jsonl("empty", "")); // empty
        good.append(CurationFixtures.jsonl("ep-0-copy", europarl.get(0))); // exact duplicate
        byte[] goodBytes = good.toString().getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 =
                "{\"id\": \"latin1\", \"text\": \"caf\u00e9\"}\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
        byte[] huge =
                ("{\"id\": \"huge\", \"text\": \"" + "a".repeat(50 << 20) + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8);
        Files.write(text.resolve("a-good-and-bad.jsonl"), concat(goodBytes, invalidUtf8, huge));

        // Truncated compressed files: valid documents, then the stream is cut mid-way.
        StringBuilder more = new StringBuilder();
        for (int i = 40; i < 60; i++)
            more.append(CurationFixtures.jsonl("ep-" + i, europarl.get(i)));
        byte[] gz = gzip(more.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(text.resolve("b-truncated.jsonl.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));
        byte[] zst = zstd(more.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(text.resolve("c-truncated.jsonl.zst"), Arrays.copyOf(zst, zst.length * 2 / 3));
        Files.createSymbolicLink(
                text.resolve("d-unreadable.jsonl"), dir.resolve("gone.jsonl")); // points nowhere
        // Issue 12, points 5 and 6: a named pipe hung the worker forever, /dev/zero ran it out
        // of memory.
        mkfifo(text.resolve("e-pipe.jsonl"));
        Files.createSymbolicLink(text.resolve("f-zeros.jsonl"), Path.of("/dev/zero"));

        // The same in an input directory (source files), next to real sources.
        Path tree = Files.createDirectories(dir.resolve("corpus/tree/src"));
        try (var lucene = new java.util.zip.ZipFile(CurationFixtures.luceneSources().toFile())) {
            for (String name :
                    List.of(
                            "org/apache/lucene/util/BitUtil.java",
                            "org/apache/lucene/util/Bits.java")) {
                try (var in = lucene.getInputStream(lucene.getEntry(name))) {
                    Files.write(tree.resolve(Path.of(name).getFileName()), in.readAllBytes());
                }
            }
        }
        mkfifo(tree.resolve("p.py"));
        Files.createSymbolicLink(tree.resolve("Zeros.java"), Path.of("/dev/zero"));

        Path code = Files.createDirectories(dir.resolve("corpus/code"));
        try (ZipOutputStream zip =
                new ZipOutputStream(Files.newOutputStream(code.resolve("project.zip")))) {
            for (var file : CurationFixtures.luceneUtilSources(25).entrySet())
                put(zip, file.getKey(), file.getValue());
            put(
                    zip,
                    "../escape/Evil.java",
                    "class Evil {}".getBytes(StandardCharsets.UTF_8)); // path traversal
            put(
                    zip,
                    "lib/Blob.java",
                    new byte[] {0x50, 0x4b, 0, 0, 1, 2, 3, 0, 0, 0}); // binary in a code file
            put(
                    zip,
                    "classes/Foo.class",
                    new byte[] {
                        (byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe
                    }); // not a source file
        }
        // Three speeches reposted in another source, plus two of its own.
        StringBuilder reposted = new StringBuilder();
        for (int i = 1; i <= 3; i++)
            reposted.append(CurationFixtures.jsonl("repost-" + i, europarl.get(i)));
        for (int i = 60; i < 62; i++)
            reposted.append(CurationFixtures.jsonl("own-" + i, europarl.get(i)));
        Files.writeString(dir.resolve("corpus/reposted.jsonl"), reposted.toString());

        Path spec = dir.resolve("bad.yaml");
        Files.writeString(
                spec,
                """
                tokenizer: cl100k_base
                sources:
                  - name: text
                    kind: text
                    inputs: corpus/text/*
                    filters: {language_id: false, language: false, gopher_quality: false, gopher_repetition: false, c4: false, fineweb: false}
                  - name: code
                    kind: code
                    inputs: corpus/code/*.zip
                  - name: reposted
                    kind: text
                    inputs: corpus/reposted.jsonl
                    dedup: {across_sources: [text]}
                    filters: {language_id: false, language: false, gopher_quality: false, gopher_repetition: false, c4: false, fineweb: false}
                  - name: tree
                    kind: code
                    inputs: corpus/tree
                """);
        run = CurationFixtures.curate(spec, dir.resolve("work"), RunnerChoice.direct(), false);
        textPool = run.results().get(0).poolDir();
        codePool = run.results().get(1).poolDir();
    }

    private static Map<String, String> quarantineByReason(Path pool) throws Exception {
        Map<String, String> byReason = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : CurationFixtures.quarantineLines(pool)) {
            JsonNode q = json.readTree(line);
            byReason.merge(
                    q.get("reason").asText(), q.get("location").asText(), (a, b) -> a + " | " + b);
        }
        return byReason;
    }

    @Test
    void everyBadTextRecordIsQuarantinedWithReasonAndLocation() throws Exception {
        Map<String, String> q = quarantineByReason(textPool);
        assertThat(q)
                .containsKeys(
                        "read.malformed_json",
                        "read.missing_text_field",
                        "read.invalid_utf8",
                        "read.document_too_large",
                        "read.truncated_input",
                        "read.unreadable_file",
                        "normalise.empty",
                        "normalise.whitespace_only");
        assertThat(q.get("read.malformed_json")).endsWith("a-good-and-bad.jsonl:41");
        assertThat(q.get("read.missing_text_field")).endsWith("a-good-and-bad.jsonl:42");
        assertThat(q.get("read.invalid_utf8")).endsWith("a-good-and-bad.jsonl:46");
        assertThat(q.get("read.document_too_large")).endsWith("a-good-and-bad.jsonl:47");
        assertThat(q.get("read.truncated_input"))
                .contains("b-truncated.jsonl.gz")
                .contains("c-truncated.jsonl.zst");
        assertThat(q.get("read.unreadable_file")).contains("d-unreadable.jsonl");
    }

    @Test
    void onlyRegularFilesAreReadAndTheRestIsQuarantined() throws Exception {
        assertThat(quarantineByReason(textPool).get("read.not_a_regular_file"))
                .contains("e-pipe.jsonl")
                .contains("f-zeros.jsonl");
        Path treePool = run.results().get(3).poolDir();
        assertThat(quarantineByReason(treePool).get("read.not_a_regular_file"))
                .contains("src/p.py")
                .contains("src/Zeros.java");
        assertThat(CurationFixtures.records(treePool))
                .extracting(PoolRecord::id)
                .containsExactlyInAnyOrder("src/BitUtil.java", "src/Bits.java");
    }

    /**
     * The document limit holds for what is read, not for what a file's size says: files under /proc
     * say 0 bytes and then stream.
     */
    @Test
    void theDocumentLimitHoldsWhateverTheDeclaredSize() throws Exception {
        Path file = dir.resolve("declared-zero/Maps.java");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, Path.of("/proc/self/maps"));
        assertThat(Files.size(file)).isZero();
        List<String> quarantined = new java.util.ArrayList<>();
        dev.mixlab.pipelines.read.CorpusReader.read(
                new dev.mixlab.pipelines.read.ReadTask(
                        "tree",
                        "code",
                        file.toString(),
                        file.getParent().toString(),
                        dev.mixlab.mixtures.spec.InputFormat.DIRECTORY,
                        0,
                        -1),
                dev.mixlab.mixtures.spec.FieldMapping.DEFAULT,
                new dev.mixlab.pipelines.read.ReadLimits(64, 64L << 20),
                new dev.mixlab.pipelines.read.ReadSink() {
                    @Override
                    public void document(dev.mixlab.filters.Document document) {
                        throw new AssertionError("read past the limit: " + document.id());
                    }

                    @Override
                    public void quarantine(dev.mixlab.pipelines.read.Quarantined record) {
                        quarantined.add(record.reason() + ": " + record.detail());
                    }

                    @Override
                    public void skip(String location, String reason) {
                        throw new AssertionError(reason);
                    }
                });
        assertThat(quarantined)
                .containsExactly(
                        "read.document_too_large: more than 64 bytes once read, though its size said 0");
    }

    @Test
    void everyBadArchiveEntryIsReported() throws Exception {
        Map<String, String> q = quarantineByReason(codePool);
        assertThat(q.get("read.unsafe_archive_path")).endsWith("project.zip!/../escape/Evil.java");
        assertThat(q.get("read.binary_content")).endsWith("project.zip!/lib/Blob.java");
        PoolStats stats = PoolStats.read(codePool.resolve("stats.json"));
        assertThat(stats.extra().get("dropped").get("read.not_a_source_file").asLong())
                .isEqualTo(1);
        assertThat(CurationFixtures.records(codePool))
                .hasSizeGreaterThan(20)
                .allSatisfy(
                        r -> assertThat(r.id()).startsWith("project.zip/org/apache/lucene/util/"));
    }

    @Test
    void conservationHoldsAndIsRecorded() {
        for (Path pool : List.of(textPool, codePool)) {
            JsonNode c = PoolStats.read(pool.resolve("stats.json")).extra().get("conservation");
            assertThat(c.get("holds").asBoolean()).isTrue();
            assertThat(c.get("records_in").asLong())
                    .isEqualTo(
                            c.get("kept").asLong()
                                    + c.get("dropped").asLong()
                                    + c.get("quarantined").asLong());
        }
        JsonNode text = PoolStats.read(textPool.resolve("stats.json")).extra().get("conservation");
        // 40 good + 6 bad lines in the first file, the readable lines of the two truncated files,
        // one unreadable file.
        assertThat(text.get("kept").asLong()).isBetween(40L, 59L);
        assertThat(
                        PoolStats.read(textPool.resolve("stats.json"))
                                .extra()
                                .get("dropped")
                                .get("exact_dedup.duplicate")
                                .asLong())
                .isEqualTo(1);
    }

    @Test
    void documentsAlsoInASourceDeferredToAreDropped() {
        Path reposted = run.results().get(2).poolDir();
        assertThat(CurationFixtures.records(reposted))
                .extracting(PoolRecord::id)
                .containsExactlyInAnyOrder("own-60", "own-61");
        assertThat(
                        PoolStats.read(reposted.resolve("stats.json"))
                                .extra()
                                .get("dropped")
                                .get(DropExactDuplicates.REASON_ELSEWHERE)
                                .asLong())
                .isEqualTo(3);
        // The deferred-to source keeps its copies.
        assertThat(CurationFixtures.records(textPool))
                .extracting(PoolRecord::id)
                .contains("ep-1", "ep-2", "ep-3");
    }

    @Test
    void keptDocumentsAreTokenizedWithEndOfText() {
        List<PoolRecord> records = CurationFixtures.records(textPool);
        assertThat(records)
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.inputIds()[r.inputIds().length - 1]).isEqualTo(100257);
                            assertThat(r.nTokens()).isEqualTo(r.inputIds().length);
                        });
        assertThat(records)
                .extracting(PoolRecord::id)
                .contains("ep-0")
                .doesNotContain("ep-0-copy", "empty", "blank", "huge");
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes)
            throws java.io.IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
