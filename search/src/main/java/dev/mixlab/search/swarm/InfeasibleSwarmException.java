package dev.mixlab.search.swarm;

/**
 * No mixture of the swarm's draws satisfies the repetition caps. Names the domain that ruled out
 * the most draws, so the caller can say what that domain's pools can supply.
 */
public final class InfeasibleSwarmException extends RuntimeException {
    private final String domain;
    private final double cap;
    private final long draws;

    public InfeasibleSwarmException(String domain, double cap, long draws, String why) {
        super(why);
        this.domain = domain;
        this.cap = cap;
        this.draws = draws;
    }

    /** The binding domain. */
    public String domain() {
        return domain;
    }

    /** The largest weight its supply allows. */
    public double cap() {
        return cap;
    }

    /** Draws tried (0 when the caps rule out every mixture before any draw). */
    public long draws() {
        return draws;
    }
}
