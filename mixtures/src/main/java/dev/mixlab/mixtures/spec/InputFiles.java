package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.io.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Expands a source's input globs into the files (or source directories) they match, sorted. */
public final class InputFiles {
    private InputFiles() {}

    /** Every path matched by the source's inputs, sorted and without repeats. */
    public static List<Path> resolve(SourceSpec source) {
        List<Path> all = new ArrayList<>();
        for (String pattern : source.inputs()) all.addAll(matches(source.baseDir(), pattern));
        return all.stream().distinct().sorted().toList();
    }

    /** Patterns of the source that match nothing. */
    public static List<String> unmatched(SourceSpec source) {
        return source.inputs().stream()
                .filter(p -> matches(source.baseDir(), p).isEmpty())
                .toList();
    }

    static List<Path> matches(Path baseDir, String pattern) {
        Path whole =
                (StoragePaths.isUri(pattern) ? StoragePaths.of(pattern) : baseDir.resolve(pattern))
                        .normalize();
        if (!hasGlob(pattern)) return Files.exists(whole) ? List.of(whole) : List.of();
        // Walk from the deepest directory that has no glob characters, matching the rest of the
        // pattern.
        Path root = whole.getRoot() == null ? whole.getFileSystem().getPath("") : whole.getRoot();
        int firstGlob = 0;
        while (firstGlob < whole.getNameCount() && !hasGlob(whole.getName(firstGlob).toString()))
            firstGlob++;
        Path walkFrom = firstGlob == 0 ? root : root.resolve(whole.subpath(0, firstGlob));
        PathMatcher matcher =
                FileSystems.getDefault()
                        .getPathMatcher("glob:" + whole.subpath(firstGlob, whole.getNameCount()));
        try {
            // In an object store this is one paged listing of the keys under the prefix.
            return StoragePaths.listUnder(walkFrom).stream()
                    .filter(p -> matcher.matches(Path.of(walkFrom.relativize(p).toString())))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            if (!StoragePaths.isLocal(walkFrom))
                // Known before any job starts: a missing bucket, refused credentials, an
                // unreachable endpoint.
                throw new InvalidRequestException(
                        "input pattern " + pattern + ": " + StoragePaths.answer(e), e);
            throw new UncheckedIOException(
                    "cannot list "
                            + walkFrom
                            + " for input pattern "
                            + pattern
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0
                || s.indexOf('?') >= 0
                || s.indexOf('[') >= 0
                || s.indexOf('{') >= 0;
    }
}
