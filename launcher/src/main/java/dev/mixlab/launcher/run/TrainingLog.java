package dev.mixlab.launcher.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A run's {@code train.log}: timestamped lines, appended (a resumed run continues the same log),
 * echoed to the console.
 */
public final class TrainingLog {
    public static final String FILE_NAME = "train.log";
    private final Path file;
    private final PrintStream echo;
    private final String prefix;

    public TrainingLog(Path file, PrintStream echo, String prefix) {
        this.file = file;
        this.echo = echo;
        this.prefix = prefix;
    }

    public Path file() {
        return file;
    }

    public synchronized void line(String message) {
        String stamped = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    stamped + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (echo != null) echo.println(prefix + message);
    }
}
