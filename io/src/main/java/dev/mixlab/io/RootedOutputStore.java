package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every {@link OutputStore} shares: its root, refusing paths that leave it, and writing and
 * deleting inside it (the same calls on a local disk and through an object store's file system).
 */
abstract class RootedOutputStore implements OutputStore {
    private final Path root;
    private final String what;

    RootedOutputStore(Path root, String what) {
        this.root = root.toAbsolutePath().normalize();
        this.what = what;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Path inside(Path path, String action) {
        Path normalised = path.toAbsolutePath().normalize();
        if (!normalised.startsWith(root) || normalised.equals(root))
            throw new OutsideRootException(normalised, root, what, action);
        return normalised;
    }

    @Override
    public boolean isPublished(Path output, String marker) {
        return Files.isRegularFile(output.resolve(marker));
    }

    @Override
    public void writeFile(Path file, Publish.Writer writer) {
        Publish.file(inside(file, "write"), writer);
    }

    @Override
    public void delete(Path path) {
        Path target = inside(path, "delete");
        try {
            FileTrees.delete(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }
}
