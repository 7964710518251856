package dev.mixlab.mixtures.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

/**
 * {@link ParquetRowWriter} drives parquet-java's column writers directly; these tests pin that its
 * files are byte-identical to what parquet-java's own {@code ParquetWriter} writes from the same
 * rows through the record consumer (the path mixlab used before), across pages, row groups, runs of
 * empty lists and null optional strings. So shards and pools keep their bytes, and every reader
 * that read them still does.
 */
class ParquetWriterEquivalenceTest {
    /** Small pages and row groups, so one file has many of each. */
    private static final ParquetWriteOptions SMALL = new ParquetWriteOptions(256 << 10, 8 << 10, 3);

    @Test
    void mixtureRowsGiveTheBytesOfParquetWriter() throws Exception {
        Random random = new Random(7);
        List<MixtureRow> rows = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            int[] ids = random.ints(512, 0, 100_000).toArray();
            // Runs of rows inside one long document (no starts) are what parquet-java defers nulls
            // for.
            int[] starts = (i / 40) % 3 == 0 ? new int[0] : new int[] {0, random.nextInt(511) + 1};
            rows.add(new MixtureRow(i % 3 == 0 ? "text" : "code", ids, starts));
        }
        BiConsumer<MixtureRow, RecordConsumer> record =
                (row, out) -> {
                    intList(out, "input_ids", 0, row.inputIds());
                    string(out, "source", 1, row.source());
                    intList(out, "doc_starts", 2, row.docStarts());
                };
        for (ParquetWriteOptions options :
                List.of(SMALL, ParquetWriteOptions.DEFAULTS, ParquetWriteOptions.SHARDS)) {
            assertThat(written(MixtureRow.FORMAT, rows, options))
                    .as("options %s", options)
                    .isEqualTo(reference(MixtureRow.FORMAT, rows, options, record));
        }
    }

    @Test
    void poolRecordsGiveTheBytesOfParquetWriter() throws Exception {
        Random random = new Random(11);
        List<PoolRecord> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int[] ids = random.ints(1 + random.nextInt(900), 0, 100_000).toArray();
            records.add(
                    new PoolRecord(
                            "doc-" + i,
                            "code",
                            "code",
                            i % 5 == 0 ? null : "java",
                            4L * ids.length,
                            ids.length,
                            ids,
                            i % 10 == 0 ? PoolRecord.Split.VALIDATION : PoolRecord.Split.TRAIN));
        }
        BiConsumer<PoolRecord, RecordConsumer> record =
                (row, out) -> {
                    string(out, "id", 0, row.id());
                    string(out, "source", 1, row.source());
                    string(out, "kind", 2, row.kind());
                    if (row.lang() != null) string(out, "lang", 3, row.lang());
                    out.startField("n_bytes", 4);
                    out.addLong(row.nBytes());
                    out.endField("n_bytes", 4);
                    out.startField("n_tokens", 5);
                    out.addInteger(row.nTokens());
                    out.endField("n_tokens", 5);
                    intList(out, "input_ids", 6, row.inputIds());
                    string(out, "split", 7, row.split().label());
                };
        assertThat(written(PoolRecord.FORMAT, records, SMALL))
                .isEqualTo(reference(PoolRecord.FORMAT, records, SMALL, record));
    }

    private static <T> byte[] written(
            RowFormat<T> format, List<T> rows, ParquetWriteOptions options) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ParquetRowWriter<T> writer = ParquetRowWriter.open(bytes, format, options)) {
            for (T row : rows) writer.write(row);
        }
        return bytes.toByteArray();
    }

    /**
     * The same rows through {@code ParquetWriter} and a record-consumer write support, configured
     * as mixlab configures it.
     */
    private static <T> byte[] reference(
            RowFormat<T> format,
            List<T> rows,
            ParquetWriteOptions options,
            BiConsumer<T, RecordConsumer> record)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Builder<T> builder =
                new Builder<>(
                                new ParquetRowWriter.StreamOutputFile(bytes),
                                new RecordWriteSupport<>(format.schema(), record))
                        .withConf(new PlainParquetConfiguration())
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withCodecFactory(new ZstdCodecFactory(options.zstdLevel()))
                        .withCompressionCodec(CompressionCodecName.ZSTD)
                        .withRowGroupSize(options.rowGroupBytes())
                        .withPageSize(options.pageBytes());
        for (String path : format.plainEncodedPaths())
            builder = builder.withDictionaryEncoding(path, false);
        try (ParquetWriter<T> writer = builder.build()) {
            for (T row : rows) writer.write(row);
        }
        return bytes.toByteArray();
    }

    private static void string(RecordConsumer out, String name, int index, String value) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(value));
        out.endField(name, index);
    }

    private static void intList(RecordConsumer out, String name, int index, int[] values) {
        out.startField(name, index);
        out.startGroup();
        if (values.length > 0) {
            out.startField("list", 0);
            for (int value : values) {
                out.startGroup();
                out.startField("element", 0);
                out.addInteger(value);
                out.endField("element", 0);
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
        out.endField(name, index);
    }

    private static final class RecordWriteSupport<T> extends WriteSupport<T> {
        private final MessageType schema;
        private final BiConsumer<T, RecordConsumer> record;
        private RecordConsumer out;

        RecordWriteSupport(MessageType schema, BiConsumer<T, RecordConsumer> record) {
            this.schema = schema;
            this.record = record;
        }

        @Override
        @SuppressWarnings(
                "deprecation") // abstract in WriteSupport; parquet calls the ParquetConfiguration
        // overload
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(T row) {
            out.startMessage();
            record.accept(row, out);
            out.endMessage();
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> support;

        Builder(OutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        @SuppressWarnings(
                "deprecation") // abstract in ParquetWriter.Builder; with a ParquetConfiguration the
        // other overload is used
        protected WriteSupport<T> getWriteSupport(Configuration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }
    }
}
