package dev.mixlab.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** What every {@link OutputStore} shares: its root, and refusing paths that leave it. */
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
}
