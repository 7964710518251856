package dev.mixlab.mixtures.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
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
                    pools.filter(p -> p.getFileName().toString().startsWith(source + "-"))
                            .filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .substring(source.length() + 1)
                                                    .matches("[0-9a-f]{8,64}"))
                            .filter(p -> Files.isRegularFile(p.resolve("stats.json")))
                            .max(Comparator.comparing(PoolSupply::modified));
            if (newest.isEmpty()) return Optional.empty();
            JsonNode tokens =
                    JSON.readTree(newest.get().resolve("stats.json").toFile()).path("train_tokens");
            return tokens.canConvertToLong() ? Optional.of(tokens.asLong()) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot read pool statistics under " + poolsDir, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("stats.json")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
