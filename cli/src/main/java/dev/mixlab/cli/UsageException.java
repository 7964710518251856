package dev.mixlab.cli;

import dev.mixlab.filters.InvalidRequestException;

/** A command line that cannot be run as given (exit code 2); the message says how to fix it. */
final class UsageException extends InvalidRequestException {
    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
