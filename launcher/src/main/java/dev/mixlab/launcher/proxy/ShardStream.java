package dev.mixlab.launcher.proxy;

import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of one split of a built mixture, in manifest order (shard by shard, row by row): exactly
 * the stream whose every prefix holds the mixture's proportions. Reads one shard at a time.
 */
public final class ShardStream implements Closeable {
    private final Path mixtureDir;
    private final List<ShardInfo> shards;
    private int nextShard;
    private ParquetRowReader<MixtureRow> current;
    private long position;

    private ShardStream(Path mixtureDir, List<ShardInfo> shards) {
        this.mixtureDir = mixtureDir;
        this.shards = shards;
    }

    public static ShardStream train(Path mixtureDir, MixtureManifest manifest) {
        return open(mixtureDir, manifest.train().shards());
    }

    public static ShardStream validation(Path mixtureDir, MixtureManifest manifest) {
        return open(
                mixtureDir,
                manifest.validation() == null ? List.of() : manifest.validation().shards());
    }

    private static ShardStream open(Path mixtureDir, List<ShardInfo> shards) {
        for (ShardInfo shard : shards) {
            if (!Files.isRegularFile(mixtureDir.resolve(shard.file()))) {
                throw new IllegalStateException(
                        "mixture "
                                + mixtureDir
                                + " lists shard "
                                + shard.file()
                                + " in its manifest but the file is missing; rebuild it with `mixlab mix --force`");
            }
        }
        return new ShardStream(mixtureDir, new ArrayList<>(shards));
    }

    /** Rows in the whole split. */
    public long totalRows() {
        return shards.stream().mapToLong(ShardInfo::rows).sum();
    }

    /** Rows handed out so far (including skipped ones). */
    public long position() {
        return position;
    }

    /**
     * Skips to row {@code row} of the stream; whole shards before it are passed over without being
     * opened.
     */
    public void seek(long row) {
        if (row < position)
            throw new IllegalArgumentException(
                    "cannot seek backwards from row " + position + " to " + row);
        while (current == null
                && nextShard < shards.size()
                && position + shards.get(nextShard).rows() <= row) {
            position += shards.get(nextShard).rows();
            nextShard++;
        }
        while (position < row) next();
    }

    /** Back to row 0, for a phase that starts a new pass over the mixture. */
    public void rewind() {
        if (current != null) closeCurrent();
        nextShard = 0;
        position = 0;
    }

    private void openNext() {
        current =
                ParquetRowReader.open(
                        mixtureDir.resolve(shards.get(nextShard).file()), MixtureRow.FORMAT);
        nextShard++;
    }

    private void closeCurrent() {
        current.close();
        current = null;
    }

    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (current != null) closeCurrent();
            if (nextShard >= shards.size()) return false;
            openNext();
        }
        return true;
    }

    public MixtureRow next() {
        if (!hasNext())
            throw new NoSuchElementException("the mixture has only " + position + " rows");
        position++;
        return current.next();
    }

    @Override
    public void close() {
        if (current != null) closeCurrent();
    }
}
