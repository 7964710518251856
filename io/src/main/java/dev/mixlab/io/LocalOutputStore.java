package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link OutputStore} on a local (or shared POSIX) file system. An output {@code dir/name} is
 * staged in {@code dir/.name.partial[-key]}, published by writing its marker into the staging
 * directory and renaming it into place ({@link Publish#directory}), and locked through {@code
 * dir/.name.lock} ({@link OutputLock}).
 */
final class LocalOutputStore extends RootedOutputStore {
    static final String PARTIAL = ".partial";

    LocalOutputStore(Path root, String what) {
        super(root, what);
    }

    @Override
    public OutputLock lock(Path output, String command) {
        return OutputLock.acquire(inside(output, "lock"), command);
    }

    @Override
    public Staging stage(Path output, String key, boolean resume) {
        Path target = inside(output, "write");
        requireLock(target);
        Path dir = stagingDir(target, key);
        try {
            Files.createDirectories(target.getParent());
            Publish.recover(target);
            removeStagingOf(target, dir);
            if (!resume) FileTrees.delete(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the staging directory " + dir + ": " + e.getMessage(), e);
        }
        return new LocalStaging(target, dir);
    }

    @Override
    public void removeAbandonedStaging(Path output) {
        Path target = inside(output, "clean up");
        if (!Files.isDirectory(target.getParent())) return;
        OutputLock lock = OutputLock.tryAcquire(target, "mixlab clean-up");
        if (lock == null) return;
        try (lock) {
            Publish.recover(target);
            removeStagingOf(target, null);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the staging directories of " + target + ": " + e.getMessage(),
                    e);
        }
    }

    /** Deletes the staging directories of {@code output} except {@code keep} (may be null). */
    private static void removeStagingOf(Path output, Path keep) throws IOException {
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            for (Path other : siblings.toList()) {
                if (!other.equals(keep) && output.equals(outputOfStaging(other)))
                    FileTrees.delete(other);
            }
        }
    }

    @Override
    public void removeAbandoned(Path dir) {
        Path parent = inside(dir, "clean up");
        if (!Files.isDirectory(parent)) return;
        List<Path> children;
        try (Stream<Path> list = Files.list(parent)) {
            children = list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        for (Path child : children) {
            Path output = outputOfStaging(child);
            if (output == null) output = outputOfReplaced(child);
            if (output == null) continue;
            OutputLock lock = OutputLock.tryAcquire(output, "mixlab clean-up");
            if (lock == null) continue;
            try (lock) {
                if (child.equals(Publish.replacedOf(output))) Publish.recover(output);
                else FileTrees.delete(child);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot remove the abandoned " + child + ": " + e.getMessage(), e);
            }
        }
    }

    static Path stagingDir(Path output, String key) {
        return output.resolveSibling(
                "." + output.getFileName() + PARTIAL + (key.isEmpty() ? "" : "-" + key));
    }

    /** The output a staging directory belongs to, or null when {@code path} is none. */
    static Path outputOfStaging(Path path) {
        String name = path.getFileName().toString();
        int infix = name.lastIndexOf(PARTIAL);
        if (!name.startsWith(".") || infix <= 1) return null;
        String rest = name.substring(infix + PARTIAL.length());
        if (!rest.isEmpty() && !rest.startsWith("-")) return null;
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return null;
        return path.resolveSibling(name.substring(1, infix));
    }

    private static Path outputOfReplaced(Path path) {
        String name = path.getFileName().toString();
        if (!name.startsWith(".") || !name.endsWith(Publish.REPLACED_SUFFIX)) return null;
        String output = name.substring(1, name.length() - Publish.REPLACED_SUFFIX.length());
        return output.isEmpty() ? null : path.resolveSibling(output);
    }

    /**
     * The staged file {@code file} that publishing {@code output} from {@code dir} lists; refused
     * when the name leaves {@code dir} or the file is not there.
     */
    static Path stagedFile(
            Path output, Path dir, String file, String stagingKind, LinkOption... options) {
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir) || path.equals(dir))
            throw new IllegalArgumentException(
                    "cannot publish " + output + ": listed file " + file + " is not in it");
        if (!Files.isRegularFile(path, options))
            throw new IllegalStateException(
                    "cannot publish "
                            + output
                            + ": "
                            + file
                            + " is missing from its "
                            + stagingKind
                            + " "
                            + dir);
        return path;
    }

    static void requireLock(Path output) {
        if (!OutputLock.heldHere(output))
            throw new IllegalStateException(
                    "writing " + output + " without holding its lock (a bug in mixlab)");
    }

    private static final class LocalStaging extends StagingArea {
        LocalStaging(Path output, Path dir) {
            super(output, dir, "staging directory");
        }

        @Override
        public void publish(String marker, byte[] content, Collection<String> files) {
            Set<Path> keep = new HashSet<>(listed(files, LinkOption.NOFOLLOW_LINKS));
            Path markerFile = dir.resolve(marker);
            keep.add(markerFile);
            try {
                removeUnlisted(keep);
                Publish.file(markerFile, content);
                Publish.directory(dir, output);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot publish " + output + ": " + e.getMessage(), e);
            }
        }

        /**
         * Deletes what the output does not consist of: temporary files of writers killed mid-file,
         * reports, empty directories.
         */
        private void removeUnlisted(Set<Path> keep) throws IOException {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(dir)) {
                all = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path path : all) {
                if (path.equals(dir) || keep.contains(path)) continue;
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> entries = Files.list(path)) {
                        if (entries.findAny().isPresent()) continue;
                    }
                }
                Files.delete(path);
            }
        }
    }
}
