package dev.mixlab.mixtures.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * How many training tokens the curated pool of a source holds, read from the {@code stats.json} of
 * the pool of its current fingerprint ({@code pools/<source>-<fingerprint>/}, the pool {@code mix}
 * would read; stats.json is written last, so a pool with it is complete). Pools of earlier inputs
 * or settings do not count: they are not what the mixture will be built from.
 */
public final class PoolSupply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolSupply() {}

    /** The train tokens of the pool in {@code poolDir}; empty until that pool is complete. */
    public static Optional<Long> trainTokens(Path poolDir) {
        Path stats = poolDir.resolve(PoolStats.FILE_NAME);
        if (!Files.isRegularFile(stats)) return Optional.empty();
        try {
            JsonNode tokens = JSON.readTree(Files.readAllBytes(stats)).path("train_tokens");
            return tokens.canConvertToLong() ? Optional.of(tokens.asLong()) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read pool statistics " + stats, e);
        }
    }

    /**
     * Whether {@code poolsDir} holds a complete pool of {@code source} other than {@code current}.
     */
    public static boolean hasOtherPool(Path poolsDir, String source, Path current) {
        if (!Files.isDirectory(poolsDir)) return false;
        try (Stream<Path> pools = Files.list(poolsDir)) {
            return pools.anyMatch(
                    p ->
                            isPoolOf(p, source)
                                    && !p.equals(current)
                                    && Files.isRegularFile(p.resolve(PoolStats.FILE_NAME)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the pools in " + poolsDir, e);
        }
    }

    private static boolean isPoolOf(Path dir, String source) {
        Matcher name = WorkDir.POOL_NAME.matcher(dir.getFileName().toString());
        return name.matches() && name.group(1).equals(source);
    }
}
