package dev.mixlab.mixtures.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Streams the rows of one Parquet file written in a {@link RowFormat}, one row group in memory at a
 * time, in file order. Optionally reads only some columns (a projection skips the pages of the
 * others, e.g. the token lists when only lengths are needed). Parquet-java's reader needs Hadoop's
 * client classes on the class path ({@code hadoop-client-api} + {@code hadoop-client-runtime}).
 *
 * <p>Rows are read from parquet-java's column readers, value by value with their levels ({@link
 * RowFormat.Column#read}), rather than through its record assembly, whose per-value state machine
 * and converter calls made reading the token lists of a pool cost as much CPU as writing a
 * mixture's shards.
 *
 * <p>Not thread-safe; close it (try-with-resources) to release the file.
 */
public final class ParquetRowReader<R> implements Iterator<R>, Closeable {
    private final Path file;
    private final ParquetFileReader reader;
    private final MessageType requested;
    private final List<? extends RowFormat.Column<?>> selected;
    private final int[] slots;
    private final RowValues values;
    private final Operators.Eq<?> keep;
    private final int keepSlot;
    private final Object keepValue;
    private final Function<RowValues, R> assemble;
    private final RowFormat.ColumnCursor[] cursors;
    private long rowsLeftInGroup;
    private long rowIndex;
    private R next;

    private ParquetRowReader(
            Path file,
            ParquetFileReader reader,
            RowFormat<?> format,
            List<? extends RowFormat.Column<?>> selected,
            Operators.Eq<?> keep,
            Function<RowValues, R> assemble) {
        this.file = file;
        this.reader = reader;
        this.selected = selected;
        this.assemble = assemble;
        this.keep = keep;
        MessageType fileSchema = reader.getFileMetaData().getSchema();
        this.requested =
                new MessageType(
                        fileSchema.getName(),
                        selected.stream()
                                .map(column -> checked(file, format, fileSchema, column))
                                .toList());
        reader.setRequestedSchema(requested);
        boolean[] read = new boolean[format.columnNames().size()];
        this.slots = new int[selected.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = format.indexOf(selected.get(i).name);
            read[slots[i]] = true;
        }
        this.values = new RowValues(format, read);
        this.cursors = new RowFormat.ColumnCursor[selected.size()];
        if (keep == null) {
            keepSlot = -1;
            keepValue = null;
        } else {
            String column = keep.getColumn().getColumnPath().toDotString();
            keepSlot = format.indexOf(column);
            if (!read[keepSlot])
                throw new IllegalArgumentException(
                        "the filter's column '" + column + "' must be among the columns read");
            // As RowValues holds it: strings decoded, all integers as long.
            keepValue =
                    keep.getValue() instanceof Binary binary
                            ? binary.toStringUsingUTF8()
                            : keep.getValue() instanceof Number number
                                    ? (Object) number.longValue()
                                    : keep.getValue();
        }
        advance();
    }

    /** Reads every column and rebuilds whole rows. */
    public static <T> ParquetRowReader<T> open(Path file, RowFormat<T> format) {
        return open(file, format, null, null, format::assemble);
    }

    /**
     * Reads only {@code columns} (null: all) and turns each row into what {@code assemble} makes of
     * them; {@code assemble} must not ask for other columns.
     *
     * @param keep rows to keep (null: all): an equality on one of the columns read ({@code
     *     FilterApi.eq}, the only kind mixlab needs). Row groups whose column statistics or
     *     dictionary rule it out are skipped without being decompressed, and the remaining rows are
     *     filtered one by one.
     */
    public static <R> ParquetRowReader<R> open(
            Path file,
            RowFormat<?> format,
            Collection<String> columns,
            FilterPredicate keep,
            Function<RowValues, R> assemble) {
        if (keep != null && !(keep instanceof Operators.Eq<?>)) {
            throw new IllegalArgumentException(
                    "only an equality filter (FilterApi.eq) is supported, found " + keep);
        }
        ParquetReadOptions.Builder options =
                ParquetReadOptions.builder(new PlainParquetConfiguration())
                        .withCodecFactory(new ZstdCodecFactory(ZstdCodecFactory.DEFAULT_LEVEL))
                        // Row ranges within a row group (column indexes) would need synchronised
                        // column readers; whole row groups suffice.
                        .useColumnIndexFilter(false);
        if (keep != null) options.withRecordFilter(FilterCompat.get(keep));
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(ChannelInputFile.of(file), options.build());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open Parquet file " + file + ": " + e.getMessage(), e);
        }
        try {
            return new ParquetRowReader<>(
                    file, reader, format, format.select(columns), (Operators.Eq<?>) keep, assemble);
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The number of rows in {@code file}, from its footer (no data is read). */
    public static long countRows(Path file) {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        ChannelInputFile.of(file),
                        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the footer of Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Type checked(
            Path file, RowFormat<?> format, MessageType fileSchema, RowFormat.Column<?> column) {
        if (!fileSchema.containsField(column.name)) {
            throw new IllegalArgumentException(
                    file
                            + " has no column '"
                            + column.name
                            + "' (expected the "
                            + format.schema().getName()
                            + " layout "
                            + format.schema()
                            + "; found "
                            + fileSchema
                            + ")");
        }
        Type found = fileSchema.getType(column.name);
        if (!found.equals(column.type)) {
            throw new IllegalArgumentException(
                    file
                            + ": column '"
                            + column.name
                            + "' is "
                            + found
                            + ", expected "
                            + column.type
                            + " (files must be written with the "
                            + format.schema().getName()
                            + " layout)");
        }
        return column.type;
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public R next() {
        if (next == null) throw new NoSuchElementException("no more rows in " + file);
        R row = next;
        advance();
        return row;
    }

    private void advance() {
        try {
            next = null;
            while (next == null) {
                if (rowsLeftInGroup == 0 && !nextRowGroup()) return;
                values.clear();
                for (int i = 0; i < cursors.length; i++)
                    selected.get(i).read(cursors[i], values, slots[i]);
                rowsLeftInGroup--;
                rowIndex++;
                if (keep == null || Objects.equals(keepValue, values.valueAt(keepSlot)))
                    next = assembled();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read Parquet file "
                            + file
                            + " (row "
                            + rowIndex
                            + "): "
                            + e.getMessage(),
                    e);
        } catch (ParquetDecodingException e) {
            // parquet-java names the file by its InputFile's identity; say which file and what
            // really failed.
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            throw new IllegalStateException(
                    "cannot read Parquet file "
                            + file
                            + " (row "
                            + rowIndex
                            + "): "
                            + cause.getMessage(),
                    e);
        }
    }

    private R assembled() {
        try {
            return assemble.apply(values);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot read Parquet file "
                            + file
                            + " (row "
                            + (rowIndex - 1)
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Loads the next row group that the filter does not rule out; false at the end of the file. */
    private boolean nextRowGroup() throws IOException {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) return false;
        ColumnReadStoreImpl store =
                new ColumnReadStoreImpl(
                        pages,
                        RowFormat.ColumnCursor.converterFor(requested),
                        requested,
                        reader.getFileMetaData().getCreatedBy());
        List<ColumnDescriptor> descriptors = requested.getColumns();
        for (int i = 0; i < cursors.length; i++)
            cursors[i] = new RowFormat.ColumnCursor(store.getColumnReader(descriptors.get(i)));
        rowsLeftInGroup = pages.getRowCount();
        return true;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close Parquet file " + file, e);
        }
    }
}
