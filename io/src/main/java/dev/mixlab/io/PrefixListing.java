package dev.mixlab.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file system provider that can list everything under a directory in one paged listing, as object
 * stores do by key prefix, instead of one request per entry that {@link java.nio.file.Files#walk}
 * makes.
 */
public interface PrefixListing {
    /**
     * Every file under {@code dir} at any depth, and every directory (key prefix) between, sorted;
     * empty when there is none.
     *
     * @throws IOException with the store's answer when it cannot be listed (missing bucket, access
     *     denied, unreachable)
     */
    List<Path> listUnder(Path dir) throws IOException;
}
