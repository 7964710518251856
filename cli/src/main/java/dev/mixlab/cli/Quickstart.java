package dev.mixlab.cli;

import java.nio.file.Path;

/**
 * Where the checkout is: {@code bin/mixlab} passes it as {@code -Dmixlab.home}; else the current
 * directory.
 */
final class Quickstart {
    private Quickstart() {}

    static Path home() {
        String home = System.getProperty("mixlab.home");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home))
                .toAbsolutePath()
                .normalize();
    }
}
