package dev.mixlab.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.mixlab.io.Sha256;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the real sample once (artifacts from the local Maven repository, fetched if missing). */
class SampleCorporaTest {

    private static final List<String> SOURCE_FILE_METADATA =
            List.of("path", "language", "artifact");
    private static final List<String> EUROPARL_METADATA =
            List.of("path", "language", "artifact", "title", "date");

    @TempDir static Path workDir;

    private static Path sampleDir;
    private static SampleReport report;
    private static String progressLog;

    @BeforeAll
    static void buildSampleOnce() {
        sampleDir = workDir.resolve("sample");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        report =
                SampleCorpora.build(
                        sampleDir, false, new PrintStream(progress, true, StandardCharsets.UTF_8));
        progressLog = progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildsThreeCorporaOfTheExpectedSize() {
        assertThat(report.reusedExisting()).isFalse();
        assertThat(report.documents(SampleReport.TEXT)).isGreaterThan(15_000);
        assertThat(report.textBytes(SampleReport.CODE)).isGreaterThan(20_000_000);
        assertThat(report.documents(SampleReport.MARKUP)).isPositive();
        assertThat(report.languages(SampleReport.CODE).keySet())
                .contains("java", "kotlin", "scala", "python", "clojure");
        assertThat(report.languages(SampleReport.MARKUP)).containsKey("xml");
        assertThat(sampleDir.resolve("text/europarl.jsonl.zst")).isRegularFile();
        assertThat(sampleDir.resolve("code/guava.jsonl.zst")).isRegularFile();
        assertThat(sampleDir.resolve("code/jython-standalone.jsonl.zst")).isRegularFile();
        assertThat(sampleDir.resolve(SampleCorpora.MANIFEST)).isRegularFile();
    }

    @Test
    void countsWhatIsLeftOutInsteadOfLosingIt() {
        assertThat(report.skipped())
                .anySatisfy(
                        skip -> {
                            assertThat(skip.artifact())
                                    .isEqualTo("org.python:jython-standalone:2.7.4");
                            assertThat(skip.reason()).isEqualTo("unsupported-extension");
                            assertThat(skip.files()).isPositive();
                            assertThat(skip.examples()).isNotEmpty();
                        });
        String table = report.toTable();
        assertThat(table)
                .contains(
                        "europarl.jsonl.zst",
                        "com.google.guava:guava:33.5.0-jre:sources",
                        "python",
                        "unsupported-extension");
        assertThat(progressLog).contains("sample written to");
    }

    @Test
    void everyLineIsJsonWithTheDocumentedFieldsInOrderAndIdsAreUnique() throws IOException {
        Set<String> ids = new HashSet<>();
        Map<String, Long> linesPerFile = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (SampleReport.OutputFile file : report.files()) {
            long lines = 0;
            String previousPath = "";
            for (String line : readLines(sampleDir.resolve(file.path()))) {
                JsonNode document = json.readTree(line);
                assertThat(fieldNames(document))
                        .containsExactly("id", "text", "source", "metadata");
                assertThat(document.get("source").asText()).isEqualTo(file.corpus());
                JsonNode metadata = document.get("metadata");
                assertThat(metadata.get("artifact").asText()).isEqualTo(file.artifact());
                assertThat(ids.add(document.get("id").asText()))
                        .as("unique id %s", document.get("id"))
                        .isTrue();
                if (file.corpus().equals(SampleReport.TEXT)) {
                    assertThat(fieldNames(metadata)).containsExactlyElementsOf(EUROPARL_METADATA);
                    assertThat(metadata.get("language").isNull()).isTrue();
                    String titleLine = metadata.get("title").asText() + "\n";
                    String text = document.get("text").asText();
                    assertThat(text).startsWith(titleLine);
                    assertThat(text.substring(titleLine.length()))
                            .as("body of %s", document.get("id"))
                            .doesNotContain("   ");
                } else {
                    assertThat(fieldNames(metadata))
                            .containsExactlyElementsOf(SOURCE_FILE_METADATA);
                    String path = metadata.get("path").asText();
                    assertThat(path).isGreaterThan(previousPath);
                    previousPath = path;
                    assertThat(document.get("id").asText()).endsWith("/" + path);
                    assertThat(file.languages()).containsKey(metadata.get("language").asText());
                }
                lines++;
            }
            linesPerFile.put(file.path(), lines);
            assertThat(lines).as(file.path()).isEqualTo(file.documents());
        }
        assertThat(linesPerFile).hasSizeGreaterThan(10);
    }

    @Test
    void europarlParagraphsAreRestoredAsLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        long multiParagraph = 0;
        for (String line : readLines(sampleDir.resolve("text/europarl.jsonl.zst"))) {
            if (json.readTree(line).get("text").asText().lines().count() > 2) {
                multiParagraph++;
            }
        }
        assertThat(multiParagraph).isGreaterThan(10_000);
    }

    @Test
    void aSecondBuildIsByteIdentical() throws IOException {
        Path second = workDir.resolve("second");
        SampleCorpora.build(second, false, silent());

        assertThat(checksums(second)).isEqualTo(checksums(sampleDir));
    }

    @Test
    void aRerunIntoACompleteSampleSkips() throws IOException {
        Map<String, String> before = checksums(sampleDir);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        SampleReport again =
                SampleCorpora.build(
                        sampleDir, false, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(again.reusedExisting()).isTrue();
        assertThat(again.files()).isEqualTo(report.files());
        assertThat(again.skipped()).isEqualTo(report.skipped());
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("already holds a complete sample");
        assertThat(checksums(sampleDir)).isEqualTo(before);
    }

    @Test
    void refusesToReplaceAFolderThatIsNotASample() throws IOException {
        Path foreign = workDir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> SampleCorpora.build(foreign, false, silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a mixlab sample");
        assertThat(foreign.resolve("notes.txt")).hasContent("keep me");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> readLines(Path zstFile) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                new ZstdInputStream(Files.newInputStream(zstFile)),
                                StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    /** sha256 of every file, keyed by its path relative to {@code root}. */
    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> checksums = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Iterator<Path> it = paths.filter(Files::isRegularFile).iterator();
                    it.hasNext(); ) {
                Path file = it.next();
                checksums.put(root.relativize(file).toString(), Sha256.hexOf(file));
            }
        }
        return checksums;
    }

    private static PrintStream silent() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
