package dev.mixlab.mixtures.pool;

import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.parquet.RowValues;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.api.Binary;

/**
 * Streams a pool's documents in its fixed order — part files by part number, then rows within a
 * part — optionally only those of one split. At most one part file is open at a time, one row group
 * of it in memory; row groups holding only the other split are skipped undecoded (by the {@code
 * split} column's statistics), which is why {@link PoolWriter} keeps the splits in separate part
 * files. The n-th document of a split in this order is that split's document index {@code n}, which
 * the mixture's document order permutes.
 *
 * <p>Close it (try-with-resources) when stopping early.
 */
public final class PoolReader<R> implements Iterator<R>, AutoCloseable {
    private static final List<String> LENGTH_COLUMNS = List.of("split", "n_tokens");
    private static final List<String> TOKEN_COLUMNS = List.of("split", "input_ids");
    private static final List<String> LANGUAGE_COLUMNS = List.of("split", "lang");

    private final Pool pool;
    private final PoolRecord.Split split;
    private final List<String> columns;
    private final FilterPredicate keep;
    private final Function<RowValues, Row<R>> assemble;
    private int nextPart;
    private ParquetRowReader<Row<R>> part;
    private R next;

    /** A row read with its split, so rows of the other split can be skipped. */
    private record Row<R>(PoolRecord.Split split, R value) {}

    private PoolReader(
            Pool pool,
            PoolRecord.Split split,
            List<String> columns,
            Function<RowValues, R> assemble) {
        this.pool = pool;
        this.split = split;
        this.keep =
                split == null
                        ? null
                        : FilterApi.eq(
                                FilterApi.binaryColumn("split"), Binary.fromString(split.label()));
        this.columns = columns;
        this.assemble =
                values ->
                        new Row<>(
                                PoolRecord.Split.of(values.string("split")),
                                assemble.apply(values));
        advance();
    }

    /** Every document of {@code split} (null: of both splits, in file order). */
    public static PoolReader<PoolRecord> records(Pool pool, PoolRecord.Split split) {
        return new PoolReader<>(pool, split, null, PoolRecord.FORMAT::assemble);
    }

    /**
     * The token ids of every document of {@code split}; only the {@code input_ids} and {@code
     * split} columns are read.
     */
    public static PoolReader<int[]> tokenLists(Pool pool, PoolRecord.Split split) {
        return new PoolReader<>(
                pool, split, TOKEN_COLUMNS, values -> values.int32List("input_ids"));
    }

    /**
     * The token count of every document of {@code split}, in document-index order, read from the
     * {@code n_tokens} and {@code split} columns alone (no token lists are decoded), and checked
     * against stats.json. The array has one int per document, which bounds what packing holds in
     * memory per source.
     */
    public static int[] tokenCounts(Pool pool, PoolRecord.Split split) {
        long expected = pool.stats().documents(split);
        if (expected > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    pool
                            + " has "
                            + expected
                            + " "
                            + split.label()
                            + " documents; at most "
                            + (Integer.MAX_VALUE - 8)
                            + " per pool are supported");
        }
        int[] counts = new int[(int) expected];
        int n = 0;
        try (PoolReader<Integer> reader =
                new PoolReader<>(pool, split, LENGTH_COLUMNS, values -> values.int32("n_tokens"))) {
            while (reader.hasNext()) {
                int count = reader.next();
                if (n == counts.length)
                    throw mismatch(pool, split, "more than " + expected + " documents");
                counts[n++] = count;
            }
        }
        long tokens = 0;
        for (int count : counts) tokens += count;
        if (n != counts.length || tokens != pool.stats().tokens(split))
            throw mismatch(pool, split, n + " documents with " + tokens + " tokens");
        return counts;
    }

    /**
     * The language of every document of {@code split}, in document-index order ({@link
     * PoolRecord#UNKNOWN_LANGUAGE} where the pool has none), read from the {@code lang} and {@code
     * split} columns alone. Equal names are one object, so the array costs a reference per
     * document.
     */
    public static String[] languages(Pool pool, PoolRecord.Split split) {
        String[] languages = new String[Math.toIntExact(pool.stats().documents(split))];
        java.util.Map<String, String> names = new java.util.HashMap<>();
        int n = 0;
        // a null value would end the reader: an unknown language is read as its name
        try (PoolReader<String> reader =
                new PoolReader<>(
                        pool,
                        split,
                        LANGUAGE_COLUMNS,
                        values ->
                                Objects.requireNonNullElse(
                                        values.string("lang"), PoolRecord.UNKNOWN_LANGUAGE))) {
            while (reader.hasNext()) {
                String name = reader.next();
                if (n == languages.length)
                    throw mismatch(pool, split, "more than " + languages.length + " documents");
                languages[n++] = names.computeIfAbsent(name, k -> k);
            }
        }
        if (n != languages.length) throw mismatch(pool, split, n + " documents");
        return languages;
    }

    /** The error for part files that disagree with stats.json. */
    public static IllegalStateException mismatch(Pool pool, PoolRecord.Split split, String found) {
        return new IllegalStateException(
                pool.dir()
                        + ": stats.json says "
                        + pool.stats().documents(split)
                        + " "
                        + split.label()
                        + " documents with "
                        + pool.stats().tokens(split)
                        + " tokens, but the part files hold "
                        + found
                        + "; the pool is damaged or was changed after curation — rerun curate for source '"
                        + pool.source()
                        + "'");
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public R next() {
        if (next == null) throw new NoSuchElementException("no more documents in " + pool.dir());
        R value = next;
        advance();
        return value;
    }

    private void advance() {
        next = null;
        while (next == null) {
            if (part == null || !part.hasNext()) {
                if (part != null) part.close();
                part = null;
                if (nextPart == pool.parts().size()) return;
                Path file = pool.parts().get(nextPart++);
                part = ParquetRowReader.open(file, PoolRecord.FORMAT, columns, keep, assemble);
                continue;
            }
            Row<R> row = part.next();
            if (split == null || row.split() == split) next = row.value();
        }
    }

    @Override
    public void close() {
        if (part != null) part.close();
        part = null;
        next = null;
        nextPart = pool.parts().size();
    }
}
