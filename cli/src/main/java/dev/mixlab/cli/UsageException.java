package dev.mixlab.cli;

/** A request that cannot be run as given (exit code 2); the message says how to fix it. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
