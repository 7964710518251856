package dev.mixlab.mixtures.parquet;

import java.util.Arrays;

/**
 * The column values of the row being read, by column name. One instance is reused for every row of
 * a reader: take what you need in {@link RowFormat}'s assemble function and do not keep it. Asking
 * for a column that was not read (projected away) is an error rather than a silent default.
 */
public final class RowValues {
    private final RowFormat<?> format;
    private final boolean[] read;
    private final boolean[] present;
    private final Object[] objects;
    private final long[] numbers;

    RowValues(RowFormat<?> format, boolean[] read) {
        this.format = format;
        this.read = read;
        this.present = new boolean[read.length];
        this.objects = new Object[read.length];
        this.numbers = new long[read.length];
    }

    void clear() {
        Arrays.fill(present, false);
        Arrays.fill(objects, null);
    }

    void setObject(int slot, Object value) {
        objects[slot] = value;
        present[slot] = true;
    }

    void setNumber(int slot, long value) {
        numbers[slot] = value;
        present[slot] = true;
    }

    /** The value of a column read in this row (a string or a long), null when it has none. */
    Object valueAt(int slot) {
        if (!present[slot]) return null;
        return objects[slot] != null ? objects[slot] : (Object) numbers[slot];
    }

    /** The string, or null when the (optional) column has no value in this row. */
    public String string(String column) {
        return (String) objects[slot(column)];
    }

    public int int32(String column) {
        return Math.toIntExact(number(column));
    }

    public long int64(String column) {
        return number(column);
    }

    public int[] int32List(String column) {
        return (int[]) objects[slot(column)];
    }

    private long number(String column) {
        int slot = slot(column);
        if (!present[slot])
            throw new IllegalStateException("column '" + column + "' has no value in this row");
        return numbers[slot];
    }

    private int slot(String column) {
        int slot = format.indexOf(column);
        if (!read[slot])
            throw new IllegalStateException(
                    "column '"
                            + column
                            + "' was not read; add it to the columns the reader projects");
        return slot;
    }
}
