package dev.mixlab.mixtures.assembly;

import dev.mixlab.filters.InvalidRequestException;

/**
 * The inputs of a mixture build cannot make the mixture (a weighted source has no pool, pools were
 * tokenized differently, a pool cannot supply its share). Nothing was written; the message says
 * what to change (exit code 2, invalid configuration).
 */
public class MixtureInputException extends InvalidRequestException {
    public MixtureInputException(String message) {
        super(message);
    }
}
