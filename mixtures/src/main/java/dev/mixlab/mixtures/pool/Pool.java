package dev.mixlab.mixtures.pool;

import dev.mixlab.mixtures.WorkDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A complete curated pool: the directory {@code pools/<source>-<fingerprint>/} with its {@code
 * part-NNNNN.parquet} files and {@code stats.json} (written last, so its presence means the pool is
 * complete). Part files are read in part-number order, which fixes the order of documents.
 */
public final class Pool {
    private static final Pattern PART_NAME = Pattern.compile("part-([0-9]+)\\.parquet");

    private final Path dir;
    private final String source;
    private final String fingerprint;
    private final PoolStats stats;
    private final List<Path> parts;

    private Pool(Path dir, String source, String fingerprint, PoolStats stats, List<Path> parts) {
        this.dir = dir;
        this.source = source;
        this.fingerprint = fingerprint;
        this.stats = stats;
        this.parts = List.copyOf(parts);
    }

    public static Pool open(Path dir) {
        Matcher name = WorkDir.POOL_NAME.matcher(dir.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException(
                    "pool directory "
                            + dir
                            + " is not named <source>-<fingerprint> (a fingerprint is 8 to 64 lower-case hex digits)");
        }
        Path statsFile = dir.resolve(PoolStats.FILE_NAME);
        if (!Files.isRegularFile(statsFile)) {
            throw new IllegalArgumentException(
                    "pool "
                            + dir
                            + " is incomplete: it has no "
                            + PoolStats.FILE_NAME
                            + " (written last by curation); rerun curate for source '"
                            + name.group(1)
                            + "'");
        }
        List<Path> parts;
        try (Stream<Path> files = Files.list(dir)) {
            parts =
                    files.filter(f -> PART_NAME.matcher(f.getFileName().toString()).matches())
                            .sorted(Comparator.comparing(Pool::partNumber))
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pool " + dir + ": " + e.getMessage(), e);
        }
        return new Pool(dir, name.group(1), name.group(2), PoolStats.read(statsFile), parts);
    }

    private static BigInteger partNumber(Path part) {
        Matcher number = PART_NAME.matcher(part.getFileName().toString());
        if (!number.matches()) throw new IllegalStateException("not a part file: " + part);
        return new BigInteger(number.group(1));
    }

    public Path dir() {
        return dir;
    }

    public String source() {
        return source;
    }

    /**
     * The fingerprint of curation's inputs, configuration and code version, from the directory
     * name.
     */
    public String fingerprint() {
        return fingerprint;
    }

    public PoolStats stats() {
        return stats;
    }

    /**
     * Part files in reading order: by part number ({@code part-00002} before {@code part-00010},
     * also past five digits).
     */
    public List<Path> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return "pool "
                + dir.getFileName()
                + " ("
                + stats.trainTokens()
                + " train tokens in "
                + stats.trainDocuments()
                + " documents)";
    }
}
