package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Point 14: a Parquet text column of the wrong type was exit 1 with 756 stack lines. */
    @Test
    void aParquetTextColumnOfTheWrongTypeIsAConfigurationError() throws Exception {
        Path corpus = dir.resolve("lengths.parquet");
        RowFormat<String> format =
                RowFormat.<String>builder("doc")
                        .int64("text", name -> name.length())
                        .string("id", name -> name)
                        .build(values -> null);
        try (ParquetRowWriter<String> writer =
                ParquetRowWriter.open(corpus, format, ParquetWriteOptions.DEFAULTS)) {
            for (String doc : docs()) writer.write(doc);
        }
        Path spec = dir.resolve("parquet.yaml");
        Files.writeString(
                spec,
                """
                sources:
                  - {name: docs, kind: text, inputs: lengths.parquet}
                mixtures:
                  - {name: m, weights: {docs: 1}, budget: 10K}
                """);
        CliRun run =
                CliRun.of(
                        "curate",
                        spec.toString(),
                        "--runner",
                        "direct",
                        "--workdir",
                        dir.resolve("work").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err())
                .contains(
                        corpus
                                + " has a column 'text' of type INT64 (BIGINT), not a string (its columns:"
                                + " [text INT64 (BIGINT), id BINARY (STRING)]); set fields.text of source"
                                + " 'docs' to a string column")
                .doesNotContain("\tat ");
    }
}
