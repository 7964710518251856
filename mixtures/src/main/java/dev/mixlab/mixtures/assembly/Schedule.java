package dev.mixlab.mixtures.assembly;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Where every packed row of every source goes in the mixture's row stream, in closed form.
 *
 * <p><b>Smooth weighted order.</b> Source {@code s} has {@code n_s} rows; its row {@code k} gets
 * the value {@code (k + ½) / n_s} and the stream is all rows sorted by value (ties: lower source
 * index first). The position of row {@code (s, k)} is therefore {@code k} plus, for every other
 * source {@code t}, the number of its values below {@code (k + ½) / n_s} — one integer division per
 * source, no state, so a distributed writer can place any row on its own ({@link #position});
 * {@link #slotAt} inverts it by binary search and {@link #cursor} walks the stream sequentially (a
 * merge of the per-source arithmetic sequences).
 *
 * <p><b>Prefix property.</b> In every prefix of {@code P} rows, the count {@code c_s} of source
 * {@code s} satisfies {@code |c_s − P·w_s| ≤ B_s = ½ + ½·w_s·(S − 2)} rows, where {@code w_s = n_s
 * / N} and {@code S} is the number of sources with rows (½ row for two sources; at most {@code (S −
 * 1)/2}). Proof sketch: a prefix ends at some value {@code v}; each source holds {@code v·n_t ± ½}
 * rows below it, so {@code c_s − P·w_s = a_s(1 − w_s) − w_s·Σ_{t≠s} a_t} with every {@code |a_t| ≤
 * ½}.
 *
 * <p><b>Optional window shuffle.</b> With {@code window = W ≥ 2}, positions are permuted within
 * each consecutive block of {@code W} positions by a seeded bijection (a 4-round Feistel network
 * with cycle walking, so both directions stay O(1)). Rows then move at most {@code W − 1} places
 * (so rows of one source may swap order within a block; a sequential consumer needs a reorder
 * buffer of W rows), and the prefix bound becomes {@code |c_s − P·w_s| ≤ 3·B_s + W·w_s·(1 − w_s)}
 * ({@link #prefixTolerance}): whole blocks keep the bound above, and a partial block can hold at
 * most {@code W·w_s(1 − w_s) + 2·B_s} more or fewer.
 */
public final class Schedule implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The algorithm's name, recorded in manifests; change it whenever the order of rows changes.
     */
    public static final String ALGORITHM = "smooth-weighted-v1";

    private final long[] rows;
    private final long total;
    private final int window;
    private final long seed;

    /** A row of a source: {@code rowIndex} counts that source's packed rows from 0. */
    public record Slot(int source, long rowIndex) {}

    /**
     * @param rowsPerSource packed rows of each source, by source index (0 allowed: the source never
     *     appears)
     * @param window shuffle window in rows; 0 or 1 for none
     * @param seed seed of the window shuffle
     */
    public Schedule(long[] rowsPerSource, int window, long seed) {
        if (window < 0)
            throw new IllegalArgumentException("shuffle window must be ≥ 0 rows, found " + window);
        this.rows = rowsPerSource.clone();
        long sum = 0;
        for (long n : rows) {
            if (n < 0)
                throw new IllegalArgumentException(
                        "row counts must be ≥ 0, found " + Arrays.toString(rowsPerSource));
            sum = Math.addExact(sum, n);
        }
        this.total = sum;
        this.window = window;
        this.seed = seed;
    }

    public long totalRows() {
        return total;
    }

    public int sourceCount() {
        return rows.length;
    }

    public long rows(int source) {
        return rows[source];
    }

    public int window() {
        return window;
    }

    /**
     * The stated bound on {@code |c_s − P·w_s|} over all prefixes, in rows (see the class comment).
     */
    public double prefixTolerance(int source) {
        if (rows[source] == 0) return 0;
        int active = (int) Arrays.stream(rows).filter(n -> n > 0).count();
        double share = (double) rows[source] / total;
        double smooth = 0.5 + 0.5 * share * (active - 2);
        return shuffled() ? 3 * smooth + window * share * (1 - share) : smooth;
    }

    /** The global position (0-based) of row {@code rowIndex} of {@code source}. */
    public long position(int source, long rowIndex) {
        if (rowIndex < 0 || rowIndex >= rows[source]) {
            throw new IndexOutOfBoundsException(
                    "source " + source + " has " + rows[source] + " rows, no row " + rowIndex);
        }
        long smooth = smoothPosition(source, rowIndex);
        return shuffled() ? shuffle(smooth, false) : smooth;
    }

    /** The row at global {@code position}: the inverse of {@link #position}. */
    public Slot slotAt(long position) {
        if (position < 0 || position >= total)
            throw new IndexOutOfBoundsException(
                    "position " + position + " outside 0.." + (total - 1));
        long smooth = shuffled() ? shuffle(position, true) : position;
        for (int s = 0; s < rows.length; s++) {
            long low = 0;
            long high = rows[s];
            while (low < high) {
                long middle = (low + high) >>> 1;
                if (smoothPosition(s, middle) < smooth) low = middle + 1;
                else high = middle;
            }
            if (low < rows[s] && smoothPosition(s, low) == smooth) return new Slot(s, low);
        }
        throw new IllegalStateException(
                "no row at smooth position " + smooth + " of " + Arrays.toString(rows));
    }

    /**
     * The rows in stream order, O(sources) per row; without a window, each source's rows come in
     * row order.
     */
    public Iterator<Slot> cursor() {
        return new Cursor();
    }

    private boolean shuffled() {
        return window > 1;
    }

    /** {@code k} + the rows of other sources whose value precedes {@code (k + ½)/n_s}. */
    private long smoothPosition(int source, long rowIndex) {
        long n = rows[source];
        long doubled = 2 * rowIndex + 1;
        long position = rowIndex;
        for (int t = 0; t < rows.length; t++) {
            if (t == source || rows[t] == 0) continue;
            // Rows j of t precede when (2j+1)·n < doubled·n_t (or ≤ for a lower source index, the
            // tie-break).
            long bound = Math.multiplyExact(doubled, rows[t]);
            long odd = (t < source ? bound : bound - 1) / n;
            position += (odd + 1) / 2;
        }
        return position;
    }

    private long shuffle(long position, boolean inverse) {
        long block = position / window;
        long start = block * window;
        long size = Math.min(window, total - start);
        long key = DocumentOrder.mix(seed ^ DocumentOrder.mix(block + 1));
        return start + BlockPermutation.apply(position - start, size, key, inverse);
    }

    /**
     * A keyed bijection on {@code [0, size)}: a balanced Feistel network on the next even bit
     * width, cycle-walked into range.
     */
    private static final class BlockPermutation {
        private static final int ROUNDS = 4;

        static long apply(long value, long size, long key, boolean inverse) {
            int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
            int half = (bits + 1) / 2;
            long x = value;
            do {
                x = inverse ? backward(x, half, key) : forward(x, half, key);
            } while (x >= size);
            return x;
        }

        private static long forward(long x, int half, long key) {
            long mask = (1L << half) - 1;
            long left = x >>> half;
            long right = x & mask;
            for (int round = 0; round < ROUNDS; round++) {
                long next = left ^ (round(key, round, right) & mask);
                left = right;
                right = next;
            }
            return (left << half) | right;
        }

        private static long backward(long x, int half, long key) {
            long mask = (1L << half) - 1;
            long left = x >>> half;
            long right = x & mask;
            for (int round = ROUNDS - 1; round >= 0; round--) {
                long previous = right ^ (round(key, round, left) & mask);
                right = left;
                left = previous;
            }
            return (left << half) | right;
        }

        private static long round(long key, int round, long half) {
            return DocumentOrder.mix(key + round * 0x9e3779b97f4a7c15L + half);
        }
    }

    /**
     * Merges the per-source sequences by value; with a window, reorders each block of slots by the
     * inverse shuffle.
     */
    private final class Cursor implements Iterator<Slot> {
        private final long[] next = new long[rows.length];
        private long emitted;
        private final Slot[] block = shuffled() ? new Slot[window] : null;
        private long blockStart = -1;

        @Override
        public boolean hasNext() {
            return emitted < total;
        }

        @Override
        public Slot next() {
            if (!hasNext()) throw new NoSuchElementException("the schedule has " + total + " rows");
            Slot slot;
            if (!shuffled()) {
                slot = nextSmooth();
            } else {
                long start = emitted / window * window;
                if (start != blockStart) fillBlock(start);
                slot = block[(int) (shuffle(emitted, true) - start)];
            }
            emitted++;
            return slot;
        }

        private void fillBlock(long start) {
            int size = (int) Math.min(window, total - start);
            for (int i = 0; i < size; i++) block[i] = nextSmooth();
            blockStart = start;
        }

        private Slot nextSmooth() {
            int best = -1;
            for (int s = 0; s < rows.length; s++) {
                if (next[s] == rows[s]) continue;
                // Compare (2·next_s + 1)/n_s with the best so far by cross-multiplying; ties keep
                // the lower index.
                if (best < 0
                        || Math.multiplyExact(2 * next[s] + 1, rows[best])
                                < Math.multiplyExact(2 * next[best] + 1, rows[s])) {
                    best = s;
                }
            }
            return new Slot(best, next[best]++);
        }
    }
}
