package dev.mixlab.mixtures.parquet;

import java.io.Serializable;

/**
 * How a mixlab Parquet file is laid out. Everything that changes the bytes of a file is here, so
 * that equal options and equal rows give byte-identical files. Serializable: distributed shard
 * writers get them.
 *
 * @param rowGroupBytes target uncompressed size of a row group; readers fetch one row group at a
 *     time
 * @param pageBytes target uncompressed size of a data page
 * @param zstdLevel ZSTD compression level of every column
 */
public record ParquetWriteOptions(long rowGroupBytes, int pageBytes, int zstdLevel)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * 64 MiB row groups (16M tokens: a few thousand rows of a mixture shard), 1 MiB pages, ZSTD
     * level 3 (zstd's default; higher levels cost far more CPU for a few percent on token ids).
     * Pools use it.
     */
    public static final ParquetWriteOptions DEFAULTS =
            new ParquetWriteOptions(64L << 20, 1 << 20, ZstdCodecFactory.DEFAULT_LEVEL);

    /**
     * Mixture shards: {@link #DEFAULTS} at ZSTD level 1. Compressing the plain int32 token ids is
     * about half a shard writer's CPU time; on cl100k ids (quickstart mixtures, 1 MiB pages) level
     * 3 compressed at 110–150 MB/s of input and level 1 at 225–255 MB/s, for 9.6 % larger files
     * (1.46 instead of 1.33 bytes per token), which is what lets a writer exceed 100 MB/s of tokens
     * per core (docs/BENCHMARKS.md). Smaller pages (64 or 256 KiB) compressed more slowly at either
     * level.
     */
    public static final ParquetWriteOptions SHARDS = new ParquetWriteOptions(64L << 20, 1 << 20, 1);

    public ParquetWriteOptions {
        if (rowGroupBytes < pageBytes) {
            throw new IllegalArgumentException(
                    "row group size "
                            + rowGroupBytes
                            + " is smaller than the page size "
                            + pageBytes);
        }
        if (pageBytes < 1024)
            throw new IllegalArgumentException(
                    "page size must be at least 1 KiB, found " + pageBytes);
    }

    public ParquetWriteOptions withRowGroupBytes(long bytes) {
        return new ParquetWriteOptions(bytes, pageBytes, zstdLevel);
    }
}
