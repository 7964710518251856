package dev.mixlab.mixtures.assembly;

/**
 * The inputs of a mixture build cannot make the mixture (a weighted source has no pool, pools were
 * tokenized differently, a pool cannot supply its share). Nothing was written; the message says
 * what to change. The CLI maps it to exit code 2 (invalid configuration).
 */
public class MixtureInputException extends RuntimeException {
    public MixtureInputException(String message) {
        super(message);
    }
}
