package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Recursive delete. Symbolic links are removed, never followed, so deleting a tree never reaches
 * outside it. Paths under a work directory are deleted through {@link OutputStore#delete}, which
 * first checks that they lie inside it; this is for temporary directories of mixlab's own making.
 */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(path);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@link #delete} for clean-up paths where a failure must not hide the error being handled. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException | RuntimeException ignored) {
            // A leftover temporary directory is harmless; the caller reports what matters.
        }
    }
}
