package dev.mixlab.mixtures.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * How many training tokens the curated pool of a source holds, read from the {@code stats.json} of
 * its newest complete pool ({@code pools/<source>-<fingerprint>/}; a pool is complete once renamed
 * into place, and stats.json is written last). Absent until the source has been curated.
 */
public final class PoolSupply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolSupply() {}

    public static Optional<Long> trainTokens(Path poolsDir, String source) {
        if (!Files.isDirectory(poolsDir)) return Optional.empty();
        try (Stream<Path> pools = Files.list(poolsDir)) {
            Optional<Path> newest =
                    pools.filter(p -> isPoolOf(p, source))
                            .filter(p -> Files.isRegularFile(p.resolve(PoolStats.FILE_NAME)))
                            .max(Comparator.comparing(PoolSupply::modified));
            if (newest.isEmpty()) return Optional.empty();
            JsonNode tokens =
                    JSON.readTree(Files.readAllBytes(newest.get().resolve(PoolStats.FILE_NAME)))
                            .path("train_tokens");
            return tokens.canConvertToLong() ? Optional.of(tokens.asLong()) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot read pool statistics under " + poolsDir, e);
        }
    }

    private static boolean isPoolOf(Path dir, String source) {
        Matcher name = WorkDir.POOL_NAME.matcher(dir.getFileName().toString());
        return name.matches() && name.group(1).equals(source);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve(PoolStats.FILE_NAME)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
