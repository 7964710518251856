package dev.mixlab.io;

import java.nio.file.Path;

/**
 * Another process (or another command of this one) holds the lock of an output this command would
 * write. Nothing was written; running the command again once the holder is done succeeds.
 */
public final class OutputBusyException extends RuntimeException {
    private final Path output;
    private final OutputLock.Holder holder;

    OutputBusyException(Path output, OutputLock.Holder holder) {
        super(
                output
                        + " is being written by "
                        + (holder == null ? "another process" : holder.describe())
                        + "; wait for it to finish (or stop it) and run the command again");
        this.output = output;
        this.holder = holder;
    }

    public Path output() {
        return output;
    }

    /** Who holds the lock, as it recorded itself; null when it had not written that yet. */
    public OutputLock.Holder holder() {
        return holder;
    }
}
