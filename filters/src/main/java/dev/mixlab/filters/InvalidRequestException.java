package dev.mixlab.filters;

/**
 * What the user asked for cannot be done as given: an invalid spec, option or named file, inputs
 * that cannot make what was asked, a reference to something that does not exist. The message says
 * what is wrong, where, and how to fix it. This is the one mark of exit code 2 (invalid usage or
 * configuration): the CLI looks for it along the whole cause chain, so a layer may wrap it (Beam
 * and Flink do) without changing the exit code. Anything else that fails is exit code 1.
 */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
