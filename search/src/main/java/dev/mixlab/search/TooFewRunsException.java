package dev.mixlab.search;

/** Too few finished runs to fit the mixing laws (exit 1: the swarm is short of results). */
public final class TooFewRunsException extends RuntimeException {
    private final int needed;
    private final int have;

    public TooFewRunsException(int needed, int have, String message) {
        super(message);
        this.needed = needed;
        this.have = have;
    }

    public int needed() {
        return needed;
    }

    public int have() {
        return have;
    }
}
