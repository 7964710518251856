package dev.mixlab.mixtures.assembly;

import java.util.Locale;

/**
 * A source's pool cannot supply its share of a mixture within the allowed repetition. mixlab never
 * silently renormalises the other weights; the spec has to change (or more data be curated).
 */
public final class InsufficientSupplyException extends MixtureInputException {
    private final String mixture;
    private final String source;
    private final long supplyTokens;
    private final long demandTokens;
    private final double maxRepetition;

    public InsufficientSupplyException(
            String mixture,
            String source,
            long supplyTokens,
            long demandTokens,
            double maxRepetition) {
        super(message(mixture, source, supplyTokens, demandTokens, maxRepetition));
        this.mixture = mixture;
        this.source = source;
        this.supplyTokens = supplyTokens;
        this.demandTokens = demandTokens;
        this.maxRepetition = maxRepetition;
    }

    private static String message(
            String mixture, String source, long supply, long demand, double cap) {
        String head =
                String.format(
                        Locale.ROOT,
                        "mixture '%s': source '%s' cannot supply its share: demand %,d tokens, supply %,d train tokens, "
                                + "max_repetition %s epochs (at most %,d tokens)",
                        mixture,
                        source,
                        demand,
                        supply,
                        trim(cap),
                        (long) Math.floor(cap * supply));
        if (supply == 0)
            return head
                    + "; its pool has no train documents: curate data for it or remove it from the mixture";
        return head
                + String.format(
                        Locale.ROOT,
                        "; it would need %.4g epochs. Raise max_repetition for '%s', lower its weight or the budget, "
                                + "or curate more data for it",
                        (double) demand / supply,
                        source);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public String mixture() {
        return mixture;
    }

    public String source() {
        return source;
    }

    public long supplyTokens() {
        return supplyTokens;
    }

    public long demandTokens() {
        return demandTokens;
    }

    public double maxRepetition() {
        return maxRepetition;
    }
}
