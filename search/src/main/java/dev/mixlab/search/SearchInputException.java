package dev.mixlab.search;

/**
 * The search cannot run as asked: an objective naming a metric no run has, a CSV that is not a
 * swarm, constraints no mixture satisfies (exit 2: nothing is fitted).
 */
public final class SearchInputException extends RuntimeException {
    public SearchInputException(String message) {
        super(message);
    }
}
