package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance readers of the exports, on a mixture built by {@code mixlab build} from real text
 * (this repository's docs) and code (the CLI's sources) with {@code shards.formats} asking for
 * every format: a numpy reader of the Megatron and OLMo files and the apache-arrow JavaScript
 * library for the Hugging Face layout, both written from the formats' descriptions and compared
 * with the Parquet shards as DuckDB reads them.
 */
class ExportReadersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEQ_LEN = 128;

    @TempDir static Path dir;
    static Path work;
    static Path mixture;
    static CliRun build;

    @BeforeAll
    static void buildWithEveryFormat() throws IOException {
        Path spec =
                TinyCorpus.spec(
                        dir,
                        "exports",
                        "bytes",
                        """
                mixtures:
                  - {name: half, weights: {prose: 0.5, code: 0.5}, budget: 60K}
                shards:
                  formats: [parquet, megatron, olmo, arrow]
                  olmo_file_tokens: 8K
                """);
        work = dir.resolve("work");
        mixture = work.resolve("mixtures/half");
        build = CliRun.direct("build", spec, work);
    }

    @Test
    void numpyReadsTheMegatronAndOlmoFilesAsTheParquetShardsSay() throws Exception {
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(mixture.resolve("manifest.json"))
                .content()
                .contains("\"exports\"", "\"megatron\"", "\"olmo\"", "\"arrow\"");
        ExportReaders.Result numpy =
                ExportReaders.numpy(tokenExpectations(mixture, "uint16", "uint16"));
        assertThat(numpy.exitCode()).as(numpy.output()).isZero();
        assertThat(numpy.output())
                .contains("ok: idx magic MMIDIDX")
                .contains(
                        "ok: megatron train: source code's documents are its Parquet rows' tokens")
                .contains("ok: olmo validation: the same token stream as the Megatron export")
                .contains("0 failed");
    }

    @Test
    void theExportCommandRedoesMegatronAsInt32AndNumpyReadsThat() throws Exception {
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path copy = copyOfMixture("int32");
        CliRun export =
                CliRun.of(
                        "export",
                        copy.toString(),
                        "--format",
                        "megatron",
                        "--megatron-dtype",
                        "int32");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("half: megatron train:", "(int32)", "exported megatron");
        CliRun again =
                CliRun.of(
                        "export",
                        copy.toString(),
                        "--format",
                        "megatron,olmo",
                        "--megatron-dtype",
                        "int32",
                        "--olmo-file-tokens",
                        "8K");
        assertThat(again.out()).contains("already exported with these settings");

        ExportReaders.Result numpy =
                ExportReaders.numpy(tokenExpectations(copy, "int32", "uint16"));
        assertThat(numpy.exitCode()).as(numpy.output()).isZero();
        assertThat(CliRun.of("inspect", copy.toString()).exitCode()).isZero();
    }

    @Test
    void apacheArrowReadsTheHuggingFaceLayoutAsTheParquetShards() throws Exception {
        assertThat(build.exitCode()).as(build.err()).isZero();
        Map<String, Object> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "validation")) {
            Path rows = dir.resolve("arrow-" + split + ".jsonl");
            try (OutputStream out = Files.newOutputStream(rows)) {
                for (ParquetRow row : parquetRows(mixture, split)) {
                    out.write(
                            JSON.writeValueAsBytes(List.of(row.ids(), row.source(), row.starts())));
                    out.write('\n');
                }
            }
            splits.put(split, Map.of("rows", rows.toString()));
        }
        Path expectations = dir.resolve("arrow-expectations.json");
        JSON.writeValue(
                expectations.toFile(), Map.of("mixture", mixture.toString(), "splits", splits));
        ExportReaders.Result arrow = ExportReaders.apacheArrow(expectations);
        assertThat(arrow.exitCode()).as(arrow.output()).isZero();
        assertThat(arrow.output())
                .contains("ok: train: state.json lists")
                .contains("ok: train/data-00000-of-00001.arrow: input_ids is list<item: int32>")
                .contains("values and order equal to the Parquet shards'")
                .contains("0 failed");
    }

    @Test
    void inspectVerifiesTheExportsAndFailsOnADamagedOne() throws Exception {
        assertThat(build.exitCode()).as(build.err()).isZero();
        CliRun inspect = CliRun.of("inspect", mixture.toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out())
                .contains("export megatron:", "export olmo:", "export arrow:")
                .contains("export files and their per-source tokens");

        Path damaged = copyOfMixture("damaged");
        Path part = damaged.resolve("olmo/train/part-00000.npy");
        byte[] bytes = Files.readAllBytes(part);
        bytes[10] ^= 1;
        Files.write(part, bytes);
        CliRun failed = CliRun.of("inspect", damaged.toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err())
                .contains("olmo train: olmo/train/part-00000.npy has")
                .doesNotContain("\tat ");
    }

    @Test
    void badExportRequestsExitTwoWithOneLine() {
        CliRun unbuilt =
                CliRun.of("export", "nope", "--format", "megatron", "--workdir", work.toString());
        assertThat(unbuilt.exitCode()).isEqualTo(2);
        assertThat(unbuilt.err())
                .contains("mixture 'nope' is not built")
                .contains("mixlab mix")
                .doesNotContain("\tat ");
        CliRun format = CliRun.of("export", mixture.toString(), "--format", "megatorn");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("unknown format 'megatorn'").contains("megatron");
        CliRun parquet = CliRun.of("export", mixture.toString(), "--format", "parquet");
        assertThat(parquet.exitCode()).isEqualTo(2);
        CliRun dtype =
                CliRun.of(
                        "export", mixture.toString(), "--format", "olmo", "--olmo-dtype", "int32");
        assertThat(dtype.exitCode()).isEqualTo(2);
        assertThat(dtype.err()).contains("--olmo-dtype").contains("uint32");
    }

    // ---- expectations from the Parquet shards, read with DuckDB ---------------------------------

    private record ParquetRow(List<Integer> ids, String source, List<Integer> starts) {}

    private static List<ParquetRow> parquetRows(Path mixtureDir, String split) throws SQLException {
        String glob =
                mixtureDir
                        .resolve(split.equals("train") ? "" : "validation")
                        .resolve("part-*.parquet")
                        .toString();
        List<ParquetRow> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet result =
                        statement.executeQuery(
                                "SELECT input_ids, source, doc_starts FROM read_parquet('"
                                        + glob
                                        + "', filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
            while (result.next()) {
                rows.add(
                        new ParquetRow(
                                ints(result.getArray(1)),
                                result.getString(2),
                                ints(result.getArray(3))));
            }
        }
        return rows;
    }

    private static List<Integer> ints(Array array) throws SQLException {
        List<Integer> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) values.add(((Number) value).intValue());
        return values;
    }

    /**
     * Per split: each source's row tokens in stream order (raw int32) with its padding from the
     * manifest, its document count, and the sources of the documents in the order of their first
     * tokens.
     */
    private static Path tokenExpectations(Path mixtureDir, String megatron, String olmo)
            throws Exception {
        JsonNode manifest = JSON.readTree(mixtureDir.resolve("manifest.json").toFile());
        Map<String, Object> splits = new LinkedHashMap<>();
        Path out = Files.createTempDirectory(dir, "expected");
        for (String split : List.of("train", "validation")) {
            Map<String, List<Integer>> streams = new LinkedHashMap<>();
            List<String> documentSources = new ArrayList<>();
            for (ParquetRow row : parquetRows(mixtureDir, split)) {
                streams.computeIfAbsent(row.source(), s -> new ArrayList<>()).addAll(row.ids());
                for (int ignored : row.starts()) documentSources.add(row.source());
            }
            Map<String, Object> sources = new LinkedHashMap<>();
            for (Map.Entry<String, List<Integer>> stream : streams.entrySet()) {
                Path file = out.resolve(split + "-" + stream.getKey() + ".int32");
                ByteBuffer buffer =
                        ByteBuffer.allocate(4 * stream.getValue().size())
                                .order(ByteOrder.LITTLE_ENDIAN);
                stream.getValue().forEach(buffer::putInt);
                Files.write(file, buffer.array());
                JsonNode summary = manifest.path(split).path("sources").path(stream.getKey());
                sources.put(
                        stream.getKey(),
                        Map.of(
                                "stream", file.toString(),
                                "padded", summary.path("padded_tokens").asLong(),
                                "documents", summary.path("documents").asLong()));
            }
            Path order = out.resolve(split + "-document-sources.txt");
            Files.writeString(order, String.join("\n", documentSources) + "\n");
            splits.put(split, Map.of("sources", sources, "document_sources", order.toString()));
        }
        Path expectations = out.resolve("expectations.json");
        JSON.writeValue(
                expectations.toFile(),
                Map.of(
                        "mixture", mixtureDir.toString(),
                        "eos_id", manifest.path("tokenizer").path("eos_id").asInt(),
                        "megatron", Map.of("dtype", megatron),
                        "olmo", Map.of("dtype", olmo, "file_tokens", 8_000 / SEQ_LEN * SEQ_LEN),
                        "splits", splits));
        return expectations;
    }

    private static Path copyOfMixture(String name) throws IOException {
        Path copy = dir.resolve(name).resolve("half");
        try (Stream<Path> files = Files.walk(mixture)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(mixture.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
        return copy;
    }
}
