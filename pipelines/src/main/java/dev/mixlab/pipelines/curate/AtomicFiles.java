package dev.mixlab.pipelines.curate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Files written by workers appear whole or not at all: written beside their final name and moved
 * into place. A retried task (a Flink restart after a lost TaskManager) simply replaces the same
 * file with the same bytes.
 */
final class AtomicFiles {
    interface Writer {
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {}

    static void write(Path target, Writer writer) {
        Path temp =
                target.resolveSibling(
                        "." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            writer.write(temp);
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
