package dev.mixlab.filters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps generated parts of {@code docs/} in step with the code: tests compare the file with what
 * the code produces, and rewrite it when run with {@code -Dmixlab.writeDocs=true}.
 */
public final class GeneratedDocs {

    private GeneratedDocs() {}

    public static boolean rewriteRequested() {
        return Boolean.getBoolean("mixlab.writeDocs");
    }

    /** {@code docs/<name>} at the repository root; surefire runs tests in the module directory. */
    public static Path path(String name) {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return moduleDir.toAbsolutePath().getParent().resolve("docs").resolve(name);
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String howToRegenerate(String testClass) {
        return "regenerate with: mvn -pl filters test -Dtest="
                + testClass
                + " -Dmixlab.writeDocs=true";
    }
}
