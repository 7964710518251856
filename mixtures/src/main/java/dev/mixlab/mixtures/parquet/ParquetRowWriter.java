package dev.mixlab.mixtures.parquet;

import static java.lang.Math.max;
import static java.lang.Math.min;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of a {@link RowFormat} to one ZSTD-compressed Parquet file without Hadoop at run time
 * (plain configuration, zstd-jni codec). The output is a function of the rows and the options only:
 * no timestamps, no key-value metadata, and {@code created_by} is parquet-java's fixed version
 * string ({@code parquet-mr version 1.18.1 (build …)}), so equal rows give byte-identical files as
 * long as the parquet-java version is unchanged.
 *
 * <p>Values go straight to parquet-java's column writers with their repetition and definition
 * levels instead of through {@code ParquetWriter}'s record consumer, whose per-value bookkeeping (a
 * field bit set and a null-cache map lookup for every list element) took about 70 % of the CPU time
 * of writing a token shard. Everything else is parquet-java's own: the column write store decides
 * the pages, the page store compresses them and the file writer writes row groups and the footer.
 * The row-group cut-off below and the deferred empty lists ({@link LeafWriter}) reproduce {@code
 * ParquetWriter}'s behaviour exactly, so files are byte-identical to those it wrote (tested).
 */
public final class ParquetRowWriter<T> implements Closeable {
    private final ParquetFileWriter file;
    private final ParquetProperties properties;
    private final MessageType schema;
    private final List<RowFormat.Column<T>> columns;
    private final BytesInputCompressor compressor;
    private final long rowGroupBytes;
    private final LeafWriter[] leaves;
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private int rowGroupOrdinal;
    private long rowsInGroup;
    private long rowsForNextSizeCheck;
    private long nextRowGroupBytes;
    private long rows;
    private boolean aborted;
    private boolean closed;

    private ParquetRowWriter(
            ParquetFileWriter file,
            ParquetProperties properties,
            RowFormat<T> format,
            BytesInputCompressor compressor,
            long rowGroupBytes) {
        this.file = file;
        this.properties = properties;
        this.schema = format.schema();
        this.columns = format.columns();
        this.compressor = compressor;
        this.rowGroupBytes = rowGroupBytes;
        this.nextRowGroupBytes = rowGroupBytes;
        this.leaves = new LeafWriter[columns.size()];
        for (int i = 0; i < leaves.length; i++) leaves[i] = new LeafWriter();
        this.rowsForNextSizeCheck = properties.getMinRowCountForPageSizeCheck();
        startRowGroup();
    }

    /** Creates (or replaces) {@code file}. */
    public static <T> ParquetRowWriter<T> open(
            Path file, RowFormat<T> format, ParquetWriteOptions options) throws IOException {
        return open(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), format, options);
    }

    /**
     * Writes to any stream (a Beam sink's channel, a digesting stream); closing the writer closes
     * it. Parquet only appends, so no seekable file is needed.
     */
    public static <T> ParquetRowWriter<T> open(
            OutputStream out, RowFormat<T> format, ParquetWriteOptions options) throws IOException {
        ParquetProperties.Builder properties =
                ParquetProperties.builder().withPageSize(options.pageBytes());
        for (String path : format.plainEncodedPaths())
            properties.withDictionaryEncoding(path, false);
        ParquetProperties built = properties.build();
        ParquetFileWriter file =
                new ParquetFileWriter(
                        new StreamOutputFile(out),
                        format.schema(),
                        ParquetFileWriter.Mode.OVERWRITE,
                        options.rowGroupBytes(),
                        ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                        null,
                        built);
        file.start();
        BytesInputCompressor compressor =
                new ZstdCodecFactory(options.zstdLevel()).getCompressor(CompressionCodecName.ZSTD);
        return new ParquetRowWriter<>(file, built, format, compressor, options.rowGroupBytes());
    }

    public void write(T row) throws IOException {
        if (aborted)
            throw new IOException("an earlier row failed to write; this file cannot be continued");
        try {
            for (int i = 0; i < leaves.length; i++) columns.get(i).write(row, leaves[i]);
            columnStore.endRecord();
            rows++;
            rowsInGroup++;
            cutRowGroupIfFull();
        } catch (IOException | RuntimeException e) {
            // Part of the row may be in the column writers: the file must not get a footer.
            aborted = true;
            throw e;
        }
    }

    public long rows() {
        return rows;
    }

    /** Bytes written to the stream so far; once closed, the size of the whole file. */
    public long bytes() throws IOException {
        return file.getPos();
    }

    /**
     * Completes the file (footer included) and closes the stream; after a failed row, only closes
     * the stream.
     */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (aborted) {
                file.abort();
            } else {
                flushRowGroup();
                file.end(new HashMap<>());
            }
        } finally {
            closeRowGroup();
            file.close();
        }
    }

    private void startRowGroup() {
        pageStore =
                ColumnChunkPageWriteStore.builder()
                        .withCompressorProvider(column -> compressor)
                        .withSchema(schema)
                        .withAllocator(properties.getAllocator())
                        .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                        .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                        .withRowGroupOrdinal(rowGroupOrdinal)
                        .build();
        columnStore = properties.newColumnWriteStore(schema, pageStore, pageStore);
        List<ColumnDescriptor> descriptors = schema.getColumns();
        for (int i = 0; i < leaves.length; i++)
            leaves[i].start(columnStore.getColumnWriter(descriptors.get(i)));
    }

    /**
     * {@code InternalParquetRecordWriter.checkBlockSizeReached}: sizes are checked at doubling row
     * counts, not after every row.
     */
    private void cutRowGroupIfFull() throws IOException {
        if (rowsInGroup >= properties.getRowGroupRowCountLimit()) {
            nextRowGroup();
        } else if (rowsInGroup >= rowsForNextSizeCheck) {
            long buffered = columnStore.getBufferedSize();
            long rowBytes = buffered / rowsInGroup;
            // Cut when within about two rows of the limit: better slightly under the size than over
            // it.
            if (buffered > nextRowGroupBytes - 2 * rowBytes) {
                nextRowGroup();
            } else {
                rowsForNextSizeCheck =
                        min(
                                max(
                                        properties.getMinRowCountForPageSizeCheck(),
                                        (rowsInGroup
                                                        + (long)
                                                                (nextRowGroupBytes
                                                                        / ((float) rowBytes)))
                                                / 2),
                                rowsInGroup + properties.getMaxRowCountForPageSizeCheck());
            }
        }
    }

    private void nextRowGroup() throws IOException {
        long rowsWritten = rowsInGroup;
        flushRowGroup();
        closeRowGroup();
        startRowGroup();
        rowsForNextSizeCheck =
                min(
                        max(properties.getMinRowCountForPageSizeCheck(), rowsWritten / 2),
                        properties.getMaxRowCountForPageSizeCheck());
    }

    private void flushRowGroup() throws IOException {
        for (LeafWriter leaf : leaves) leaf.flushEmptyLists();
        if (rowsInGroup > 0) {
            rowGroupOrdinal++;
            file.startBlock(rowsInGroup);
            columnStore.flush();
            pageStore.flushToFileWriter(file);
            rowsInGroup = 0;
            file.endBlock();
            nextRowGroupBytes = min(file.getNextRowGroupSize(), rowGroupBytes);
        }
    }

    private void closeRowGroup() {
        columnStore.close();
        pageStore.close();
    }

    /**
     * The column writer of one leaf column in the current row group. An empty list is a null at
     * repetition and definition level 0; parquet-java's record consumer defers such nulls until the
     * column's next non-empty list or the end of the row group, and since the column store checks
     * page sizes between rows, writing them earlier would move page boundaries. They are deferred
     * the same way.
     */
    static final class LeafWriter {
        private ColumnWriter column;
        private int deferredEmptyLists;

        void start(ColumnWriter column) {
            this.column = column;
        }

        ColumnWriter column() {
            return column;
        }

        void emptyList() {
            deferredEmptyLists++;
        }

        /** Call before writing a non-empty list. */
        void flushEmptyLists() {
            for (; deferredEmptyLists > 0; deferredEmptyLists--) column.writeNull(0, 0);
        }
    }

    /**
     * An append-only {@link OutputFile} over a stream, counting the bytes written for Parquet's
     * offsets.
     */
    static final class StreamOutputFile implements OutputFile {
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
