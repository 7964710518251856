package dev.mixlab.mixtures.pool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.mixtures.parquet.ParquetRowWriter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the documents of one pool into a fresh directory as ZSTD Parquet part files ({@code
 * part-00000.parquet}, …), counting tokens and documents per split, and {@link #finish finishes}
 * with {@code stats.json}, the last file written. Until then the directory is an incomplete pool
 * that {@link Pool#open} refuses. Renaming the directory into {@code pools/<source>-<fingerprint>/}
 * once finished is the caller's job.
 *
 * <p>Train and validation documents go to separate part files (numbered in the order they are
 * opened; a new part after {@code maxTokensPerPart} tokens), each split in the order written.
 * Readers of one split then skip the other split's row groups without decompressing them.
 *
 * <p>A distributed writer can write its own parts with {@link ParquetRowWriter} and {@link
 * PoolRecord#FORMAT}, named by {@link #partFileName}, and then write the summed {@link PoolStats}.
 */
public final class PoolWriter implements Closeable {
    /**
     * @param maxTokensPerPart tokens after which a new part file starts (parts are the unit of
     *     parallel reading)
     * @param parquet row group, page and compression settings
     */
    public record Options(long maxTokensPerPart, ParquetWriteOptions parquet) {
        /** 32M tokens per part (about 60–90 MB of ZSTD Parquet). */
        public static final Options DEFAULTS = new Options(32L << 20, ParquetWriteOptions.DEFAULTS);

        public Options {
            if (maxTokensPerPart <= 0)
                throw new IllegalArgumentException(
                        "maxTokensPerPart must be > 0, found " + maxTokensPerPart);
        }
    }

    private final Path dir;
    private final Options options;
    private final Map<PoolRecord.Split, ParquetRowWriter<PoolRecord>> openParts =
            new EnumMap<>(PoolRecord.Split.class);
    private final Map<PoolRecord.Split, Long> partTokens = new EnumMap<>(PoolRecord.Split.class);
    private final Map<PoolRecord.Split, SplitCounts> counts = new EnumMap<>(PoolRecord.Split.class);
    private int partCount;
    private boolean finished;

    public PoolWriter(Path dir, Options options) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            if (existing.findAny().isPresent()) {
                throw new IllegalArgumentException(
                        "pool directory "
                                + dir
                                + " is not empty; write a pool into a fresh directory");
            }
        }
        this.dir = dir;
        this.options = options;
        for (PoolRecord.Split split : PoolRecord.Split.values())
            counts.put(split, new SplitCounts());
    }

    public static String partFileName(int index) {
        return String.format("part-%05d.parquet", index);
    }

    public void write(PoolRecord record) throws IOException {
        if (finished) throw new IllegalStateException("pool " + dir + " is already finished");
        PoolRecord.Split split = record.split();
        ParquetRowWriter<PoolRecord> part = openParts.get(split);
        if (part == null) {
            part =
                    ParquetRowWriter.open(
                            dir.resolve(partFileName(partCount++)),
                            PoolRecord.FORMAT,
                            options.parquet());
            openParts.put(split, part);
            partTokens.put(split, 0L);
        }
        part.write(record);
        SplitCounts splitCounts = counts.get(split);
        splitCounts.tokens += record.nTokens();
        splitCounts.documents++;
        long tokens = partTokens.merge(split, (long) record.nTokens(), Long::sum);
        if (tokens >= options.maxTokensPerPart()) closePart(split);
    }

    /**
     * Closes the open parts and writes {@code stats.json}.
     *
     * @param extra further statistics of curation (kept/dropped counts…), written after the
     *     standard fields
     */
    public PoolStats finish(String tokenizer, int eosId, Map<String, JsonNode> extra)
            throws IOException {
        close();
        SplitCounts train = counts.get(PoolRecord.Split.TRAIN);
        SplitCounts validation = counts.get(PoolRecord.Split.VALIDATION);
        PoolStats stats =
                new PoolStats(
                        train.tokens,
                        train.documents,
                        validation.tokens,
                        validation.documents,
                        tokenizer,
                        eosId,
                        extra);
        stats.write(dir);
        finished = true;
        return stats;
    }

    /** Closes open parts; without {@link #finish} the pool stays incomplete (no stats.json). */
    @Override
    public void close() throws IOException {
        for (PoolRecord.Split split : PoolRecord.Split.values()) closePart(split);
    }

    private void closePart(PoolRecord.Split split) throws IOException {
        ParquetRowWriter<PoolRecord> part = openParts.remove(split);
        if (part != null) part.close();
    }

    private static final class SplitCounts {
        long tokens;
        long documents;
    }
}
