package dev.mixlab.mixtures.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Streams the rows of one Parquet file written in a {@link RowFormat}, one row group in memory at a
 * time, in file order. Optionally reads only some columns (a projection skips the pages of the others,
 * e.g. the token lists when only lengths are needed). Parquet-java's reader needs Hadoop's client
 * classes on the class path ({@code hadoop-client-api} + {@code hadoop-client-runtime}).
 *
 * <p>Not thread-safe; close it (try-with-resources) to release the file.
 */
public final class ParquetRowReader<R> implements Iterator<R>, Closeable {
    private final Path file;
    private final ParquetReader<R> reader;
    private R next;

    private ParquetRowReader(Path file, ParquetReader<R> reader) {
        this.file = file;
        this.reader = reader;
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
     * @param keep rows to keep (null: all). Row groups whose column statistics rule it out are skipped
     *             without being decompressed, and the remaining rows are filtered one by one.
     */
    public static <R> ParquetRowReader<R> open(Path file, RowFormat<?> format, Collection<String> columns, FilterPredicate keep,
                                               Function<RowValues, R> assemble) {
        ReadSupport<R> support = new RowReadSupport<>(file, format, format.select(columns), assemble);
        try {
            ParquetReader.Builder<R> builder = new Builder<>(new LocalInputFile(file), support)
                    .withCodecFactory(new ZstdCodecFactory(ZstdCodecFactory.DEFAULT_LEVEL));
            if (keep != null) builder = builder.withFilter(FilterCompat.get(keep));
            return new ParquetRowReader<>(file, builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number of rows in {@code file}, from its footer (no data is read). */
    public static long countRows(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of Parquet file " + file + ": " + e.getMessage(), e);
        }
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
            next = reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Parquet file " + file + " (row " + reader.getCurrentRowIndex() + "): " + e.getMessage(), e);
        } catch (ParquetDecodingException e) {
            // parquet-java names the file by its InputFile's identity; say which file and what really failed.
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            throw new IllegalStateException("cannot read Parquet file " + file + " (row " + reader.getCurrentRowIndex() + "): " + cause.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close Parquet file " + file, e);
        }
    }

    private static final class RowReadSupport<R> extends ReadSupport<R> {
        private final Path file;
        private final RowFormat<?> format;
        private final List<? extends RowFormat.Column<?>> selected;
        private final Function<RowValues, R> assemble;

        RowReadSupport(Path file, RowFormat<?> format, List<? extends RowFormat.Column<?>> selected, Function<RowValues, R> assemble) {
            this.file = file;
            this.format = format;
            this.selected = selected;
            this.assemble = assemble;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType fileSchema = context.getFileSchema();
            List<Type> requested = selected.stream().map(column -> {
                if (!fileSchema.containsField(column.name)) {
                    throw new IllegalArgumentException(file + " has no column '" + column.name + "' (expected the "
                            + format.schema().getName() + " layout " + format.schema() + "; found " + fileSchema + ")");
                }
                Type found = fileSchema.getType(column.name);
                if (!found.equals(column.type)) {
                    throw new IllegalArgumentException(file + ": column '" + column.name + "' is " + found + ", expected "
                            + column.type + " (files must be written with the " + format.schema().getName() + " layout)");
                }
                return column.type;
            }).toList();
            return new ReadContext(new MessageType(fileSchema.getName(), requested));
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in ReadSupport; with a ParquetConfiguration the other overload is used
        public RecordMaterializer<R> prepareForRead(Configuration configuration, Map<String, String> metadata,
                                                    MessageType fileSchema, ReadContext context) {
            return materializer();
        }

        @Override
        public RecordMaterializer<R> prepareForRead(ParquetConfiguration configuration, Map<String, String> metadata,
                                                    MessageType fileSchema, ReadContext context) {
            return materializer();
        }

        private RecordMaterializer<R> materializer() {
            boolean[] read = new boolean[format.columnNames().size()];
            for (RowFormat.Column<?> column : selected) read[format.indexOf(column.name)] = true;
            RowValues values = new RowValues(format, read);
            Converter[] converters = selected.stream()
                    .map(column -> column.converter(values, format.indexOf(column.name)))
                    .toArray(Converter[]::new);
            GroupConverter root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return converters[fieldIndex];
                }

                @Override
                public void start() {
                    values.clear();
                }

                @Override
                public void end() {}
            };
            return new RecordMaterializer<>() {
                @Override
                public R getCurrentRecord() {
                    return assemble.apply(values);
                }

                @Override
                public GroupConverter getRootConverter() {
                    return root;
                }
            };
        }
    }

    private static final class Builder<R> extends ParquetReader.Builder<R> {
        private final ReadSupport<R> readSupport;

        Builder(InputFile file, ReadSupport<R> readSupport) {
            super(file, new PlainParquetConfiguration());
            this.readSupport = readSupport;
        }

        @Override
        protected ReadSupport<R> getReadSupport() {
            return readSupport;
        }
    }
}
