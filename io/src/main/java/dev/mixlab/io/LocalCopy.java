package dev.mixlab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file as a local path, for readers that need random access through {@code java.io.File} (zip
 * archives): a local file as it is, an object in a store copied into the temporary directory and
 * removed on close. The copy is one streamed GET, where reading an archive's entries in place would
 * be one ranged request per entry.
 */
public final class LocalCopy implements AutoCloseable {
    private final Path file;
    private final boolean temporary;

    private LocalCopy(Path file, boolean temporary) {
        this.file = file;
        this.temporary = temporary;
    }

    /**
     * {@code source} itself when it is local, else a copy named {@code mixlab-copy-*-<its name>}.
     *
     * @throws IOException with the store's answer when the object cannot be read
     */
    public static LocalCopy of(Path source) throws IOException {
        if (StoragePaths.isLocal(source)) return new LocalCopy(source, false);
        Path copy = Files.createTempFile("mixlab-copy-", "-" + source.getFileName());
        try {
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return new LocalCopy(copy, true);
    }

    /** The local path to read. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (temporary) Files.deleteIfExists(file);
    }
}
