package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.mixtures.parquet.ParquetRowWriter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import dev.mixlab.mixtures.parquet.RowFormat;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.samples.MavenArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code corpora keep their metadata (issue 14, point 4): real files from Maven artifacts (Java from
 * lucene-core, Python from jython, the pom.xml and pom.properties of guava and jackson-databind)
 * written as a Parquet file with The Stack's column names and as JSONL with top-level fields.
 */
class CodeMetadataCurationTest {
    /** A spec's first lines: tokenizer bytes and the code source 'stack' of the-stack.parquet. */
    private static final String STACK_SOURCE =
            "tokenizer: bytes\nsources:\n  - name: stack\n    kind: code\n    inputs: the-stack.parquet\n";

    @TempDir static Path dir;

    /** A row of The Stack: the columns this test writes. */
    record StackRow(String hexsha, String path, String repo, String lang, String content) {}

    static final RowFormat<StackRow> STACK =
            RowFormat.<StackRow>builder("the_stack")
                    .string("hexsha", StackRow::hexsha)
                    .string("max_stars_repo_path", StackRow::path)
                    .string("max_stars_repo_name", StackRow::repo)
                    .string("lang", StackRow::lang)
                    .string("content", StackRow::content)
                    .build(values -> null);

    static List<StackRow> rows;
    static Path stackPool;
    static Path routedPool;
    static Path jsonlPool;

    @BeforeAll
    static void curate() throws Exception {
        rows = new ArrayList<>();
        rows.addAll(
                files(
                        "org.apache.lucene:lucene-core:9.12.3:sources",
                        n -> n.startsWith("org/apache/lucene/util/") && n.endsWith(".java"),
                        20,
                        "apache/lucene",
                        "Java"));
        rows.addAll(
                files(
                        "org.python:jython-standalone:2.7.4",
                        n -> n.startsWith("Lib/json/") && n.endsWith(".py"),
                        6,
                        "jython/jython",
                        "Python"));
        rows.addAll(
                files(
                        "com.google.guava:guava:33.5.0-jre:sources",
                        n -> n.startsWith("META-INF/maven/") && !n.endsWith("/"),
                        2,
                        "google/guava",
                        null));
        rows.addAll(
                files(
                        "com.fasterxml.jackson.core:jackson-databind:2.21.8:sources",
                        n -> n.startsWith("META-INF/maven/") && n.endsWith("pom.xml"),
                        1,
                        "FasterXML/jackson-databind",
                        null));
        Path parquet = dir.resolve("the-stack.parquet");
        try (ParquetRowWriter<StackRow> writer =
                ParquetRowWriter.open(parquet, STACK, ParquetWriteOptions.DEFAULTS)) {
            for (StackRow row : rows) writer.write(row);
        }
        StringBuilder jsonl = new StringBuilder();
        for (StackRow row : rows) {
            jsonl.append(
                    String.format(
                            "{\"id\":%s,\"text\":%s,\"path\":%s,\"repo\":%s}%n",
                            CurationFixtures.quote(row.hexsha()),
                            CurationFixtures.quote(row.content()),
                            CurationFixtures.quote(row.path()),
                            CurationFixtures.quote(row.repo())));
        }
        Files.writeString(dir.resolve("files.jsonl"), jsonl);
        Path spec = dir.resolve("code.yaml");
        Files.writeString(
                spec,
                STACK_SOURCE
                        + """
                    heldout_fraction: 0
                    fields: {text: content, id: hexsha, path: max_stars_repo_path, language: lang, repo: max_stars_repo_name}
                  - name: routed
                    kind: code
                    inputs: the-stack.parquet
                    heldout_fraction: 0
                    fields: {text: content, id: hexsha, path: max_stars_repo_path}
                    filters: {code_files: {extensions: [java, xml]}}
                  - name: files
                    kind: code
                    inputs: files.jsonl
                    heldout_fraction: 0
                """);
        var run = CurationFixtures.curate(spec, dir.resolve("work"), RunnerChoice.direct(), false);
        stackPool = run.results().get(0).poolDir();
        routedPool = run.results().get(1).poolDir();
        jsonlPool = run.results().get(2).poolDir();
    }

    /** Up to {@code n} files of an artifact, in name order, as rows of The Stack. */
    private static List<StackRow> files(
            String coordinates, Predicate<String> wanted, int n, String repo, String lang)
            throws IOException {
        Path jar =
                MavenArtifacts.fromEnvironment()
                        .resolve(MavenArtifacts.Coordinates.parse(coordinates), System.err);
        List<StackRow> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries =
                    zip.stream()
                            .filter(e -> !e.isDirectory() && wanted.test(e.getName()))
                            .sorted((a, b) -> a.getName().compareTo(b.getName()))
                            .limit(n)
                            .toList();
            for (ZipEntry entry : entries) {
                try (InputStream in = zip.getInputStream(entry)) {
                    String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    String path = entry.getName();
                    String rowLang = lang != null ? lang : path.endsWith(".xml") ? "XML" : "INI";
                    out.add(
                            new StackRow(
                                    Integer.toHexString((repo + path).hashCode()),
                                    path,
                                    repo,
                                    rowLang,
                                    content));
                }
            }
        }
        return out;
    }

    private static long count(Predicate<StackRow> which) {
        return rows.stream().filter(which).count();
    }

    private static boolean markupOrConfig(StackRow row) {
        return row.path().endsWith(".xml") || row.path().endsWith(".properties");
    }

    @Test
    void theStacksParquetGetsPathAwareCodeFiltersAndPerLanguageCounts() {
        PoolStats stats = PoolStats.read(stackPool.resolve(PoolStats.FILE_NAME));
        JsonNode dropped = stats.extra().get("dropped");
        long markup = count(CodeMetadataCurationTest::markupOrConfig);
        assertThat(markup).isGreaterThanOrEqualTo(3);
        assertThat(dropped.path("code_files.not_code").asLong()).isEqualTo(markup);

        Map<String, Long> kept =
                CurationFixtures.records(stackPool).stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> String.valueOf(r.lang()),
                                        TreeMap::new,
                                        Collectors.counting()));
        assertThat(kept.keySet()).containsExactly("java", "python");

        JsonNode languages = stats.extra().get("languages");
        assertThat(languages.fieldNames()).toIterable().containsExactly("java", "python");
        long tokens = 0;
        for (String language : List.of("java", "python")) {
            assertThat(languages.get(language).get("train_documents").asLong())
                    .isEqualTo(kept.get(language));
            tokens += languages.get(language).get("train_tokens").asLong();
        }
        assertThat(tokens).isEqualTo(stats.trainTokens());
        long javaTokens =
                CurationFixtures.records(stackPool).stream()
                        .filter(r -> "java".equals(r.lang()))
                        .mapToLong(PoolRecord::nTokens)
                        .sum();
        assertThat(languages.get("java").get("train_tokens").asLong()).isEqualTo(javaTokens);
    }

    @Test
    void anExplicitExtensionsListRoutesConfigIntoACodeSource() {
        PoolStats stats = PoolStats.read(routedPool.resolve(PoolStats.FILE_NAME));
        // no language column mapped: the language comes from the path's extension
        assertThat(stats.extra().get("languages").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("java", "xml");
        assertThat(stats.extra().get("dropped").path("code_files.not_in_extensions").asLong())
                .isEqualTo(
                        count(r -> r.path().endsWith(".py") || r.path().endsWith(".properties")));
    }

    @Test
    void topLevelJsonlFieldsAreKeptAsMetadata() {
        PoolStats stats = PoolStats.read(jsonlPool.resolve(PoolStats.FILE_NAME));
        assertThat(stats.extra().get("dropped").path("code_files.not_code").asLong())
                .isEqualTo(count(CodeMetadataCurationTest::markupOrConfig));
        assertThat(stats.extra().get("languages").fieldNames())
                .toIterable()
                .containsExactly("java", "python");
    }

    @Test
    void aMappedColumnNoInputHasIsAConfigurationErrorListingTheColumns() throws Exception {
        Path spec = dir.resolve("typo.yaml");
        Files.writeString(
                spec, STACK_SOURCE + "    fields: {text: content, path: max_stars_path}\n");
        assertThatThrownBy(
                        () ->
                                CurationFixtures.curate(
                                        spec, dir.resolve("typo"), RunnerChoice.direct(), false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(
                        "source 'stack': fields.path names 'max_stars_path', which no input has"
                                + " (the inputs' columns:"
                                + " content, hexsha, lang, max_stars_repo_name, max_stars_repo_path);"
                                + " set fields.path to one of them");
    }
}
