package dev.mixlab.mixtures.assembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a mixture directory comes into being, the same for the single-JVM {@link MixtureBuilder} and
 * a distributed build: everything is written into {@code .<mixture>.partial-<fingerprint prefix>}
 * next to the final directory, {@code manifest.json} last, then the directory is renamed into
 * place. A finished directory whose manifest carries the inputs' fingerprint is up to date.
 */
public final class MixtureOutput {
    private MixtureOutput() {}

    /** True when {@code outDir} holds a finished build of exactly these inputs. */
    public static boolean isBuilt(Path outDir, String fingerprint) {
        if (!Files.isRegularFile(outDir.resolve(MixtureManifest.FILE_NAME))) return false;
        try {
            return MixtureManifest.read(outDir).fingerprint().equals(fingerprint);
        } catch (RuntimeException unreadable) {
            // A damaged manifest or one of an older format marks a stale build: it is rebuilt and
            // replaced.
            return false;
        }
    }

    /**
     * The partial directory of a build with {@code fingerprint}; a rerun with the same inputs finds
     * it again.
     */
    public static Path partialDir(Path outDir, String fingerprint) {
        return sibling(outDir, "partial-" + fingerprint.substring(0, 16));
    }

    private static Path sibling(Path outDir, String suffix) {
        Path absolute = outDir.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + "." + suffix);
    }

    /**
     * Renames the finished partial directory to {@code outDir}, replacing an older build, and
     * removes partial builds of this mixture left by interrupted runs with other inputs.
     */
    public static void moveIntoPlace(Path partial, Path outDir, String fingerprint)
            throws IOException {
        Path absolute = outDir.toAbsolutePath();
        if (Files.exists(absolute)) {
            Path replaced = sibling(absolute, "replaced-" + fingerprint.substring(0, 16));
            deleteRecursively(replaced);
            Files.move(absolute, replaced, StandardCopyOption.ATOMIC_MOVE);
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(replaced);
        } else {
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
        }
        Pattern leftOver =
                Pattern.compile(
                        Pattern.quote("." + absolute.getFileName())
                                + "\\.(partial|replaced)-[0-9a-f]{16}");
        try (Stream<Path> siblings = Files.list(absolute.getParent())) {
            for (Path stale :
                    siblings.filter(p -> leftOver.matcher(p.getFileName().toString()).matches())
                            .toList()) {
                deleteRecursively(stale);
            }
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
