package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mixlab.mixtures.parquet.ParquetRowWriter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import dev.mixlab.mixtures.parquet.RowFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input as a user meets it on the command line: one line naming what is wrong and where, the
 * documented exit code, no stack trace without --verbose (issue 12).
 */
class BadInputCommandsTest {
    @TempDir Path dir;

    /** This repository's docs: real prose, one document per page. */
    private static List<String> docs() throws Exception {
        try (Stream<Path> pages = Files.list(Path.of("../docs"))) {
            return pages.filter(p -> p.toString().endsWith(".md"))
                    .sorted()
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
    }

    /** One row per page of {@link #docs()}, in {@code format}. */
    private static void writeDocs(Path corpus, RowFormat<String> format) throws Exception {
        try (ParquetRowWriter<String> writer =
                ParquetRowWriter.open(corpus, format, ParquetWriteOptions.DEFAULTS)) {
            for (String doc : docs()) writer.write(doc);
        }
    }

    /** Point 14: a Parquet text column of the wrong type was exit 1 with 756 stack lines. */
    @Test
    void aParquetTextColumnOfTheWrongTypeIsAConfigurationError() throws Exception {
        Path corpus = dir.resolve("lengths.parquet");
        RowFormat<String> format =
                RowFormat.<String>builder("doc")
                        .int64("text", name -> name.length())
                        .string("id", name -> name)
                        .build(values -> null);
        writeDocs(corpus, format);
        Path spec = dir.resolve("parquet.yaml");
        Files.writeString(
                spec,
                """
                sources:
                  - {name: docs, kind: text, inputs: lengths.parquet}
                mixtures:
                  - {name: m, weights: {docs: 1}, budget: 10K}
                """);
        CliRun run = curateFailsInOneLine(spec, "work");
        assertThat(run.err())
                .contains(
                        corpus
                                + " has a column 'text' of type INT64 (BIGINT), not a string (its columns:"
                                + " [text INT64 (BIGINT), id BINARY (STRING)]); set fields.text of source"
                                + " 'docs' to a string column")
                .doesNotContain("\tat ");
    }

    /** {@code curate} of {@code spec} on the direct runner: exit 2 with a one-line error. */
    private CliRun curateFailsInOneLine(Path spec, String workDir) {
        CliRun run = CliRun.direct("curate", spec, dir.resolve(workDir));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        return run;
    }

    /** Issue 14: a metadata field mapping that names a column no input has. */
    @Test
    void aMappedColumnThatNoInputHasIsAConfigurationErrorListingTheColumns() throws Exception {
        Path corpus = dir.resolve("stack.parquet");
        RowFormat<String> format =
                RowFormat.<String>builder("doc")
                        .string("content", name -> name)
                        .string("max_stars_repo_path", name -> "docs/" + name)
                        .build(values -> null);
        writeDocs(corpus, format);
        Path spec = dir.resolve("mapping.yaml");
        Files.writeString(
                spec,
                """
                sources:
                  - {name: stack, kind: code, inputs: stack.parquet, fields: {text: content, path: path}}
                mixtures:
                  - {name: m, weights: {stack: 1}, budget: 10K}
                """);
        CliRun run = curateFailsInOneLine(spec, "work-mapping");
        assertThat(run.err())
                .contains(
                        "source 'stack': fields.path names 'path', which no input has (the inputs'"
                                + " columns: content, max_stars_repo_path); set fields.path to one of"
                                + " them")
                .doesNotContain("\tat ");
    }

    /**
     * Point 10: a full disk during {@code mix} printed only "Pipeline execution failed" and
     * hundreds of stack lines. The mixture directory here is a 64 KiB tmpfs (root only: skipped
     * elsewhere), so the shards really do not fit.
     */
    @Test
    void aMixThatRunsOutOfDiskSaysSoInOneLine() throws Exception {
        StringBuilder prose = new StringBuilder();
        for (String page : docs())
            prose.append(jsonl(page, Files.readString(Path.of("../docs", page))));
        Files.writeString(dir.resolve("prose.jsonl"), prose);
        Path spec = dir.resolve("disk.yaml");
        Files.writeString(
                spec,
                """
                tokenizer: bytes
                seq_len: 512
                sources:
                  - {name: prose, kind: text, inputs: prose.jsonl, filters: {language_id: false, language: false, gopher_quality: false, gopher_repetition: false, c4: false, fineweb: false}}
                mixtures:
                  - {name: big, weights: {prose: 1}, budget: 100K}
                """);
        Path work = dir.resolve("work");
        CliRun curate = CliRun.direct("curate", spec, work);
        assertThat(curate.exitCode()).as(curate.err()).isZero();
        Path mixtures = Files.createDirectories(work.resolve("mixtures"));
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mixtures.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            CliRun mix = CliRun.of("mix", spec.toString(), "--workdir", work.toString());
            assertThat(mix.exitCode()).as(mix.err()).isEqualTo(1);
            assertThat(mix.err().strip().lines()).hasSize(1);
            assertThat(mix.err())
                    .startsWith("mixlab mix: the mixing job failed on embedded Flink")
                    .contains("No space left on device")
                    .contains("completed shards are kept, run the command again to resume")
                    .contains("(run again with --verbose for the stack trace)")
                    .doesNotContain("\tat ");
        } finally {
            run("umount", "-l", mixtures.toString());
        }
    }

    private static String jsonl(String id, String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(java.util.Map.of("id", id, "text", text))
                + "\n";
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }
}
