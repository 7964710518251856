package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The one publish sequence of mixlab on a local file system: something becomes visible under its
 * final name only when it is complete, and an older version is never deleted before the new one is
 * in place.
 *
 * <ul>
 *   <li>A file is written under a unique hidden temporary name beside its target ({@code
 *       .<name>.<uuid>.tmp}, which no {@code *.parquet} or {@code *.json} glob matches) and renamed
 *       over it.
 *   <li>A directory replaces another in two renames: the old one moves aside to {@code
 *       .<name>.replaced}, the new one moves in, then the old one is deleted. A crash between the
 *       two renames leaves both complete versions, and {@link #recover} puts the old one back.
 * </ul>
 *
 * Workers (Beam DoFns) use these directly inside a staging directory their launcher prepared;
 * launchers publish through {@link OutputStore}, which adds locks, containment and commit markers.
 */
public final class Publish {
    static final String REPLACED_SUFFIX = ".replaced";

    private Publish() {}

    /** Writes the content of a file to the (temporary) path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    /**
     * Writes {@code target} through a unique temporary name and renames it into place, replacing an
     * older file. Two writers of the same target (a retried task) never share a temporary file.
     *
     * @throws UncheckedIOException naming the target, after removing the temporary file
     */
    public static void file(Path target, Writer writer) {
        Path temporary =
                target.resolveSibling(
                        "." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            writer.write(temporary);
            rename(temporary, target, true);
        } catch (IOException e) {
            removeTemporary(temporary, e);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeTemporary(temporary, e);
            throw e;
        }
    }

    private static void removeTemporary(Path temporary, Exception failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** {@link #file(Path, Writer)} of a byte array. */
    public static void file(Path target, byte[] content) {
        file(target, temporary -> Files.write(temporary, content));
    }

    /**
     * Moves the complete directory {@code staged} to {@code target}; an existing {@code target} is
     * moved aside first and deleted only once {@code staged} is in its place.
     */
    public static void directory(Path staged, Path target) throws IOException {
        Path replaced = replacedOf(target);
        recover(target);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            rename(target, replaced, false);
            rename(staged, target, false);
            FileTrees.delete(replaced);
        } else {
            rename(staged, target, false);
        }
    }

    /**
     * Completes or undoes a {@link #directory} replacement that a crash interrupted: when {@code
     * target} is missing and its old version waits aside, the old version is put back; when both
     * exist, the old version is deleted.
     */
    public static void recover(Path target) throws IOException {
        Path replaced = replacedOf(target);
        if (!Files.exists(replaced, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) FileTrees.delete(replaced);
        else rename(replaced, target, false);
    }

    static Path replacedOf(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + REPLACED_SUFFIX);
    }

    private static void rename(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace)
                Files.move(
                        from,
                        to,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            else Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Only file systems without rename(2) get here; a plain move is the best they offer.
            if (replace) Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            else Files.move(from, to);
        }
    }
}
