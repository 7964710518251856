package dev.mixlab.cli;

/**
 * A failure whose message already says everything (no hint about --verbose is needed); exit code 1.
 */
public final class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }
}
