package dev.mixlab.cli;

/**
 * A failure whose message already says everything (no hint about --verbose is needed); exit code 1.
 * The cause, if any, is kept for --verbose.
 */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
