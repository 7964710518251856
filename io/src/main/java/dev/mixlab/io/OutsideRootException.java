package dev.mixlab.io;

import java.nio.file.Path;

/**
 * A path a command would write or delete lies outside its work directory: a name in the spec or on
 * the command line leads out of it (an invalid configuration; nothing was touched).
 */
public final class OutsideRootException extends RuntimeException {
    private final Path path;

    OutsideRootException(Path path, Path root, String what, String action) {
        super(
                "refusing to "
                        + action
                        + " "
                        + path
                        + ": it is outside "
                        + what
                        + " "
                        + root
                        + "; a name containing '..' or '/' leads there, rename it");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
