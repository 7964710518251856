package dev.mixlab.mixtures.parquet;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes rows of a {@link RowFormat} to one ZSTD-compressed Parquet file without Hadoop at run time
 * (plain configuration, zstd-jni codec). The output is a function of the rows and the options only:
 * no timestamps, no key-value metadata, and {@code created_by} is parquet-java's fixed version string
 * ({@code parquet-mr version 1.18.1 (build …)}), so equal rows give byte-identical files as long as the
 * parquet-java version is unchanged.
 */
public final class ParquetRowWriter<T> implements Closeable {
    private final ParquetWriter<T> writer;
    private long rows;

    private ParquetRowWriter(ParquetWriter<T> writer) {
        this.writer = writer;
    }

    /** Creates (or replaces) {@code file}. */
    public static <T> ParquetRowWriter<T> open(Path file, RowFormat<T> format, ParquetWriteOptions options) throws IOException {
        return open(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), format, options);
    }

    /**
     * Writes to any stream (a Beam sink's channel, a digesting stream); closing the writer closes it.
     * Parquet only appends, so no seekable file is needed.
     */
    public static <T> ParquetRowWriter<T> open(OutputStream out, RowFormat<T> format, ParquetWriteOptions options) throws IOException {
        Builder<T> builder = new Builder<>(new StreamOutputFile(out), new RowWriteSupport<>(format))
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCodecFactory(new ZstdCodecFactory(options.zstdLevel()))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(options.rowGroupBytes())
                .withPageSize(options.pageBytes());
        for (String path : format.plainEncodedPaths()) builder = builder.withDictionaryEncoding(path, false);
        return new ParquetRowWriter<>(builder.build());
    }

    public void write(T row) throws IOException {
        writer.write(row);
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class RowWriteSupport<T> extends WriteSupport<T> {
        private final RowFormat<T> format;
        private final List<RowFormat.Column<T>> columns;
        private RecordConsumer out;

        RowWriteSupport(RowFormat<T> format) {
            this.format = format;
            this.columns = format.columns();
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in WriteSupport; parquet calls the ParquetConfiguration overload below
        public WriteContext init(Configuration configuration) {
            return new WriteContext(format.schema(), Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(format.schema(), Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(T row) {
            out.startMessage();
            for (int i = 0; i < columns.size(); i++) columns.get(i).write(row, out, i);
            out.endMessage();
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> writeSupport;

        Builder(OutputFile file, WriteSupport<T> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in ParquetWriter.Builder; with a ParquetConfiguration the other overload is used
        protected WriteSupport<T> getWriteSupport(Configuration configuration) {
            return writeSupport;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration configuration) {
            return writeSupport;
        }
    }

    /** An append-only {@link OutputFile} over a stream, counting the bytes written for Parquet's offsets. */
    private static final class StreamOutputFile implements OutputFile {
        private final OutputStream out;

        StreamOutputFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    position += length;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
