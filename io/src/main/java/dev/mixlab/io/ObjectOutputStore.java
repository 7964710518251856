package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link OutputStore} on an object store (s3://), which has no directory rename. An output {@code
 * dir/name} is staged under the prefix {@code dir/.name.partial[-key]}, as locally. Publishing
 * removes the old version's marker first (from then on readers do not trust it), replaces its
 * objects by server-side copies of the listed staged objects, writes the marker last and deletes
 * the staging prefix. A crash at any point leaves either the complete old version, or a prefix
 * without its marker that readers ignore and the next publish replaces, plus a staging prefix that
 * the next writer removes. Locks are lock objects ({@link OutputLock#acquireObject}).
 */
final class ObjectOutputStore extends RootedOutputStore {
    ObjectOutputStore(Path root, String what) {
        super(root, what);
    }

    @Override
    public OutputLock lock(Path output, String command) {
        return OutputLock.acquireObject(inside(output, "lock"), command);
    }

    @Override
    public Staging stage(Path output, String key, boolean resume) {
        Path target = inside(output, "write");
        LocalOutputStore.requireLock(target);
        Path dir = LocalOutputStore.stagingDir(target, key);
        try {
            removeStagingOf(target, dir);
            if (!resume) FileTrees.delete(dir);
            Files.createDirectories(dir); // nothing to create in an object store
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the staging prefix " + dir + ": " + e.getMessage(), e);
        }
        return new ObjectStaging(target, dir);
    }

    @Override
    public void removeAbandonedStaging(Path output) {
        Path target = inside(output, "clean up");
        OutputLock lock = OutputLock.tryAcquireObject(target, "mixlab clean-up");
        if (lock == null) return;
        try (lock) {
            removeStagingOf(target, null);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the staging prefixes of " + target + ": " + e.getMessage(), e);
        }
    }

    private static void removeStagingOf(Path output, Path keep) throws IOException {
        for (Path other : children(output.getParent())) {
            if (!other.equals(keep) && output.equals(LocalOutputStore.outputOfStaging(other)))
                FileTrees.delete(other);
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    @Override
    public void removeAbandoned(Path dir) {
        Path parent = inside(dir, "clean up");
        List<Path> children;
        try {
            children = children(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        for (Path child : children) {
            Path output = LocalOutputStore.outputOfStaging(child);
            if (output == null) continue;
            OutputLock lock = OutputLock.tryAcquireObject(output, "mixlab clean-up");
            if (lock == null) continue;
            try (lock) {
                FileTrees.delete(child);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot remove the abandoned " + child + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class ObjectStaging extends StagingArea {
        ObjectStaging(Path output, Path dir) {
            super(output, dir, "staging prefix");
        }

        @Override
        public void publish(String marker, byte[] content, Collection<String> files) {
            listed(files);
            try {
                // Unpublish the old version before touching its objects: from here until the new
                // marker exists, readers see no marker and trust nothing under the prefix.
                Files.deleteIfExists(output.resolve(marker));
                FileTrees.delete(output);
                for (String file : files) {
                    Path target = output.resolve(file);
                    Files.createDirectories(target.getParent());
                    Files.copy(dir.resolve(file), target);
                }
                Files.write(output.resolve(marker), content);
                FileTrees.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot publish " + output + ": " + e.getMessage(), e);
            }
        }
    }
}
