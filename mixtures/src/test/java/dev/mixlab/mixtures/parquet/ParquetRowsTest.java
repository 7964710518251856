package dev.mixlab.mixtures.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowsTest {
    @TempDir Path dir;

    private static List<MixtureRow> rows(int count, long seed) {
        Random random = new Random(seed);
        List<MixtureRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] ids = random.ints(512, 0, 100_000).toArray();
            int[] starts = i % 4 == 0 ? new int[0] : new int[] {0, random.nextInt(511) + 1};
            rows.add(new MixtureRow(i % 2 == 0 ? "text" : "code", ids, starts));
        }
        return rows;
    }

    private static void write(Path file, List<MixtureRow> rows, ParquetWriteOptions options)
            throws Exception {
        try (ParquetRowWriter<MixtureRow> writer =
                ParquetRowWriter.open(file, MixtureRow.FORMAT, options)) {
            for (MixtureRow row : rows) writer.write(row);
        }
    }

    @Test
    void rowsRoundTripThroughStandardListColumns() throws Exception {
        List<MixtureRow> rows = rows(3000, 1);
        Path file = dir.resolve("rows.parquet");
        write(file, rows, new ParquetWriteOptions(1 << 20, 64 << 10, 3));

        assertThat(MixtureRow.FORMAT.schema().toString())
                .contains(
                        "required group input_ids (LIST) {\n    repeated group list {\n      required int32 element;");
        List<MixtureRow> back = new ArrayList<>();
        try (ParquetRowReader<MixtureRow> reader = ParquetRowReader.open(file, MixtureRow.FORMAT)) {
            reader.forEachRemaining(back::add);
        }
        assertThat(back).isEqualTo(rows);
        assertThat(ParquetRowReader.countRows(file)).isEqualTo(3000);

        ParquetMetadata footer;
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file),
                        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            footer = reader.getFooter();
        }
        assertThat(footer.getBlocks())
                .as("1 MiB row groups over 6 MB of ids")
                .hasSizeGreaterThan(3);
        assertThat(footer.getBlocks().get(0).getColumns())
                .extracting(ColumnChunkMetaData::getCodec)
                .containsOnly(CompressionCodecName.ZSTD);
        assertThat(footer.getFileMetaData().getCreatedBy()).startsWith("parquet-mr version 1.18.1");
        assertThat(footer.getFileMetaData().getKeyValueMetaData()).isEmpty();
    }

    @Test
    void sameRowsGiveByteIdenticalFiles() throws Exception {
        List<MixtureRow> rows = rows(500, 2);
        write(dir.resolve("a.parquet"), rows, ParquetWriteOptions.DEFAULTS);
        write(dir.resolve("b.parquet"), rows, ParquetWriteOptions.DEFAULTS);
        write(dir.resolve("c.parquet"), rows(500, 3), ParquetWriteOptions.DEFAULTS);
        byte[] a = Files.readAllBytes(dir.resolve("a.parquet"));
        assertThat(Files.readAllBytes(dir.resolve("b.parquet"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("c.parquet"))).isNotEqualTo(a);
    }

    @Test
    void projectionReadsOnlyTheNamedColumns() throws Exception {
        Path file = dir.resolve("rows.parquet");
        write(file, rows(10, 4), ParquetWriteOptions.DEFAULTS);
        List<String> sources = new ArrayList<>();
        try (ParquetRowReader<String> reader =
                ParquetRowReader.open(
                        file,
                        MixtureRow.FORMAT,
                        List.of("source"),
                        null,
                        v -> v.string("source"))) {
            reader.forEachRemaining(sources::add);
        }
        assertThat(sources).hasSize(10).containsOnly("text", "code");
        assertThatThrownBy(
                        () ->
                                ParquetRowReader.open(
                                        file,
                                        MixtureRow.FORMAT,
                                        List.of("source"),
                                        null,
                                        v -> v.int32List("input_ids")))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("column 'input_ids' was not read");
    }

    @Test
    void aFilterKeepsOnlyMatchingRows() throws Exception {
        Path file = dir.resolve("rows.parquet");
        List<MixtureRow> rows =
                rows(2000, 5).stream()
                        .map(
                                r ->
                                        new MixtureRow(
                                                r.docStarts().length == 0 ? "code" : "text",
                                                r.inputIds(),
                                                r.docStarts()))
                        .toList();
        write(file, rows, new ParquetWriteOptions(256 << 10, 64 << 10, 3));
        List<MixtureRow> code = new ArrayList<>();
        FilterPredicate isCode =
                FilterApi.eq(FilterApi.binaryColumn("source"), Binary.fromString("code"));
        try (ParquetRowReader<MixtureRow> reader =
                ParquetRowReader.open(
                        file, MixtureRow.FORMAT, null, isCode, MixtureRow.FORMAT::assemble)) {
            reader.forEachRemaining(code::add);
        }
        assertThat(code)
                .isEqualTo(rows.stream().filter(r -> r.source().equals("code")).toList())
                .hasSize(500);
    }

    @Test
    void readingAFileOfAnotherLayoutSaysWhichColumnIsWrong() throws Exception {
        Path file = dir.resolve("pool.parquet");
        try (ParquetRowWriter<PoolRecord> writer =
                ParquetRowWriter.open(file, PoolRecord.FORMAT, ParquetWriteOptions.DEFAULTS)) {
            writer.write(
                    new PoolRecord(
                            "d",
                            "text",
                            "text",
                            null,
                            3,
                            1,
                            new int[] {7},
                            PoolRecord.Split.TRAIN));
        }
        assertThatThrownBy(() -> ParquetRowReader.open(file, MixtureRow.FORMAT).next())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no column 'doc_starts'");
        try (ParquetRowReader<PoolRecord> reader = ParquetRowReader.open(file, PoolRecord.FORMAT)) {
            assertThat(reader.next().lang())
                    .as("an optional string column reads back as null")
                    .isNull();
        }
    }
}
