package dev.mixlab.filters.decontaminate;

import dev.mixlab.filters.InvalidRequestException;

/** An evaluation set file that cannot be read as its format: exit 2, naming file and line. */
public final class EvalSetException extends InvalidRequestException {
    public EvalSetException(String message) {
        super(message);
    }

    public EvalSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
