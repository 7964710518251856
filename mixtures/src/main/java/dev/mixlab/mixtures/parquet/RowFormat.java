package dev.mixlab.mixtures.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A flat row type as Parquet columns: its schema, how each column is taken from a {@code T} when
 * writing, and how a {@code T} is rebuilt from the values read back. Pools and mixture shards
 * declare their layout once with it, so writer, reader and schema cannot drift apart.
 *
 * <p>Column kinds are the few mixlab needs: UTF-8 strings (required or optional), int32, int64 and
 * {@code list<int32>} in the standard three-level LIST layout ({@code repeated group list {
 * required int32 element }}), which DuckDB, Arrow and pandas read as integer arrays. Writing goes
 * straight from {@code T} to parquet-java's column writers with explicit levels (see {@link
 * ParquetRowWriter}).
 */
public final class RowFormat<T> {
    private final MessageType schema;
    private final List<Column<T>> columns;
    private final Map<String, Integer> indexByName;
    private final Function<RowValues, T> assemble;

    private RowFormat(
            String messageName, List<Column<T>> columns, Function<RowValues, T> assemble) {
        this.columns = List.copyOf(columns);
        this.assemble = assemble;
        this.indexByName = new HashMap<>();
        List<Type> fields = new ArrayList<>();
        for (Column<T> column : this.columns) {
            if (indexByName.put(column.name, indexByName.size()) != null) {
                throw new IllegalArgumentException(
                        "column '" + column.name + "' is declared twice in " + messageName);
            }
            fields.add(column.type);
        }
        this.schema = new MessageType(messageName, fields);
    }

    public static <T> Builder<T> builder(String messageName) {
        return new Builder<>(messageName);
    }

    public MessageType schema() {
        return schema;
    }

    public List<String> columnNames() {
        return columns.stream().map(c -> c.name).toList();
    }

    /** Rebuilds a whole row from values read with every column. */
    public T assemble(RowValues values) {
        return assemble.apply(values);
    }

    List<Column<T>> columns() {
        return columns;
    }

    int indexOf(String column) {
        Integer index = indexByName.get(column);
        if (index == null) {
            throw new IllegalArgumentException(
                    "no column '"
                            + column
                            + "' in "
                            + schema.getName()
                            + "; columns: "
                            + columnNames());
        }
        return index;
    }

    /**
     * Column paths written without dictionary encoding: int lists (token ids). With vocabularies of
     * 50k–200k ids, dictionary hash lookups halve the write rate (measured on Zipf-distributed ids
     * over a 100k vocabulary, ZSTD 3: ~20 MB/s and 1.67 bytes/token with the dictionary, ~40 MB/s
     * and 1.74 bytes/token plain), a poor trade for 4% of space.
     */
    List<String> plainEncodedPaths() {
        return columns.stream()
                .filter(c -> c instanceof Int32ListColumn)
                .map(c -> c.name + ".list.element")
                .toList();
    }

    /** The columns to read, in declaration order; all of them when {@code requested} is null. */
    List<Column<T>> select(Collection<String> requested) {
        if (requested == null) return columns;
        Set<String> wanted = new LinkedHashSet<>(requested);
        for (String name : wanted) indexOf(name);
        return columns.stream().filter(c -> wanted.contains(c.name)).toList();
    }

    public static final class Builder<T> {
        private final String messageName;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String messageName) {
            this.messageName = messageName;
        }

        public Builder<T> string(String name, Function<T, String> value) {
            columns.add(new StringColumn<>(name, false, value));
            return this;
        }

        /** A string column that may be null. */
        public Builder<T> optionalString(String name, Function<T, String> value) {
            columns.add(new StringColumn<>(name, true, value));
            return this;
        }

        public Builder<T> int32(String name, ToIntFunction<T> value) {
            columns.add(new IntegerColumn<>(name, PrimitiveTypeName.INT32, value::applyAsInt));
            return this;
        }

        public Builder<T> int64(String name, ToLongFunction<T> value) {
            columns.add(new IntegerColumn<>(name, PrimitiveTypeName.INT64, value));
            return this;
        }

        public Builder<T> int32List(String name, Function<T, int[]> value) {
            columns.add(new Int32ListColumn<>(name, value));
            return this;
        }

        /**
         * @param assemble rebuilds a row from the values read back (called once per row, on a
         *     reused {@link RowValues})
         */
        public RowFormat<T> build(Function<RowValues, T> assemble) {
            return new RowFormat<>(messageName, columns, assemble);
        }
    }

    /**
     * One column: its Parquet type, how to write it from a row, and how to read it into a {@link
     * RowValues} slot.
     */
    abstract static class Column<T> {
        final String name;
        final Type type;

        Column(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        /**
         * Writes this column of {@code row} with its repetition and definition levels: 0/0 for a
         * required value, 0/1 for a present optional one, null at 0/0 for a missing one.
         */
        abstract void write(T row, ParquetRowWriter.LeafWriter out);

        /**
         * Reads this column's values of the cursor's current row into {@code values}, leaving the
         * cursor at the next row.
         */
        abstract void read(ColumnCursor in, RowValues values, int slot);
    }

    /**
     * A column reader of one row group with the number of values (levels) left in it: after the
     * last value a column reader has no current level, so a list's end is found by its count or by
     * a repetition level of 0 (the next row's first value).
     */
    static final class ColumnCursor {
        private final ColumnReader column;
        private long valuesLeft;
        private final IntList elements = new IntList();

        ColumnCursor(ColumnReader column) {
            this.column = column;
            this.valuesLeft = column.getTotalValueCount();
        }

        /** The definition level of the current value. */
        int definitionLevel() {
            return column.getCurrentDefinitionLevel();
        }

        /**
         * True while the current value continues the row of the previous one (a later list
         * element).
         */
        boolean continuesRow() {
            return valuesLeft > 0 && column.getCurrentRepetitionLevel() > 0;
        }

        ColumnReader column() {
            return column;
        }

        void consume() {
            column.consume();
            valuesLeft--;
        }

        /**
         * Column readers are built with a converter per leaf, for record assembly to fill. These do
         * nothing: values are taken from the readers, which also decode dictionary pages themselves
         * because the converters offer no dictionary support.
         */
        static GroupConverter converterFor(GroupType type) {
            Converter[] children =
                    type.getFields().stream()
                            .map(
                                    field ->
                                            field.isPrimitive()
                                                    ? new PrimitiveConverter() {}
                                                    : converterFor(field.asGroupType()))
                            .toArray(Converter[]::new);
            return new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return children[fieldIndex];
                }

                @Override
                public void start() {}

                @Override
                public void end() {}
            };
        }
    }

    private static final class StringColumn<T> extends Column<T> {
        private final boolean optional;
        private final Function<T, String> value;

        StringColumn(String name, boolean optional, Function<T, String> value) {
            super(
                    name,
                    (optional
                                    ? Types.optional(PrimitiveTypeName.BINARY)
                                    : Types.required(PrimitiveTypeName.BINARY))
                            .as(LogicalTypeAnnotation.stringType())
                            .named(name));
            this.optional = optional;
            this.value = value;
        }

        @Override
        void write(T row, ParquetRowWriter.LeafWriter out) {
            String text = value.apply(row);
            if (text == null) {
                if (!optional)
                    throw new IllegalArgumentException(
                            "column '" + name + "' is required but the row has null: " + row);
                out.column().writeNull(0, 0);
            } else {
                out.column().write(Binary.fromString(text), 0, optional ? 1 : 0);
            }
        }

        @Override
        void read(ColumnCursor in, RowValues values, int slot) {
            // An absent optional value (definition level 0) leaves the slot empty: string() gives
            // null.
            if (!optional || in.definitionLevel() == 1)
                values.setObject(slot, in.column().getBinary().toStringUsingUTF8());
            in.consume();
        }
    }

    /** A required INT32 or INT64 column; an INT32 column's values come from an int. */
    private static final class IntegerColumn<T> extends Column<T> {
        private final boolean int64;
        private final ToLongFunction<T> value;

        IntegerColumn(String name, PrimitiveTypeName type, ToLongFunction<T> value) {
            super(name, Types.required(type).named(name));
            this.int64 = type == PrimitiveTypeName.INT64;
            this.value = value;
        }

        @Override
        void write(T row, ParquetRowWriter.LeafWriter out) {
            long v = value.applyAsLong(row);
            if (int64) out.column().write(v, 0, 0);
            else out.column().write((int) v, 0, 0);
        }

        @Override
        void read(ColumnCursor in, RowValues values, int slot) {
            values.setNumber(slot, int64 ? in.column().getLong() : in.column().getInteger());
            in.consume();
        }
    }

    private static final class Int32ListColumn<T> extends Column<T> {
        private static final int[] EMPTY = new int[0];
        private final Function<T, int[]> value;

        Int32ListColumn(String name, Function<T, int[]> value) {
            super(name, Types.requiredList().requiredElement(PrimitiveTypeName.INT32).named(name));
            this.value = value;
        }

        /**
         * Levels of the three-level list: an element is defined at level 1 (the list and its entry
         * exist); the first element of a row starts a record (repetition 0), the others repeat the
         * list (repetition 1). An empty list is a null at 0/0.
         */
        @Override
        void write(T row, ParquetRowWriter.LeafWriter out) {
            int[] numbers = value.apply(row);
            if (numbers == null)
                throw new IllegalArgumentException(
                        "column '" + name + "' is required but the row has null: " + row);
            if (numbers.length == 0) {
                out.emptyList();
                return;
            }
            out.flushEmptyLists();
            ColumnWriter column = out.column();
            column.write(numbers[0], 0, 1);
            for (int i = 1; i < numbers.length; i++) column.write(numbers[i], 1, 1);
        }

        /**
         * An empty list is one null at definition level 0; a list's further elements have
         * repetition level 1.
         */
        @Override
        void read(ColumnCursor in, RowValues values, int slot) {
            if (in.definitionLevel() == 0) {
                in.consume();
                values.setObject(slot, EMPTY);
                return;
            }
            IntList elements = in.elements;
            elements.clear();
            do {
                elements.add(in.column().getInteger());
                in.consume();
            } while (in.continuesRow());
            values.setObject(slot, elements.toArray());
        }
    }

    /** A growable int buffer, so list values are not boxed while they are read. */
    private static final class IntList {
        private int[] items = new int[256];
        private int size;

        void add(int value) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = value;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
