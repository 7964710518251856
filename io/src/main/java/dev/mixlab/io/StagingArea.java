package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What every {@link OutputStore.Staging} shares, whatever the storage: the output it builds, the
 * directory (or prefix) it builds it in, the check that a publish holds the output's lock and lists
 * only staged files, and discarding.
 */
abstract class StagingArea implements OutputStore.Staging {
    final Path output;
    final Path dir;
    private final String kind;

    /**
     * @param kind what the staging area is called in messages ("staging directory")
     */
    StagingArea(Path output, Path dir, String kind) {
        this.output = output;
        this.dir = dir;
        this.kind = kind;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /**
     * The staged files a publish lists, after checking that this process holds the output's lock
     * and that each listed file is in the staging area.
     */
    List<Path> listed(Collection<String> files, LinkOption... options) {
        LocalOutputStore.requireLock(output);
        List<Path> staged = new ArrayList<>();
        for (String file : files)
            staged.add(LocalOutputStore.stagedFile(output, dir, file, kind, options));
        return staged;
    }

    @Override
    public void discard() {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the " + kind + " " + dir + ": " + e.getMessage(), e);
        }
    }
}
