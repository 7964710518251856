package dev.mixlab.search.swarm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws a search's swarm: mixtures from Dirichlet distributions centred on the prior, with
 * concentrations cycling through a log-spaced range (small ones reach the corners of the simplex,
 * large ones stay near the prior; RegMix and olmix draw their swarms this way). Fixed domains keep
 * their weight; the free ones share the rest. Each draw is rounded to the grid by largest
 * remainders, rejected when a domain would exceed its cap (its repetition limit as a share of a
 * proxy run), and dropped when it repeats an earlier member. The prior itself, rounded, is the
 * first member when it satisfies the caps. Deterministic for a seed.
 */
public final class SwarmSampler {
    /** Draws allowed per requested member before the sampler settles for fewer. */
    static final int DRAWS_PER_MEMBER = 1000;

    /**
     * @param domains domain names
     * @param prior weight of every domain, summing to 1 (fixed domains' entries are ignored)
     * @param fixed weight of each fixed domain, NaN for a free one
     * @param caps the largest weight each domain may take (≥ 1 means no cap)
     * @param size members wanted
     * @param concentrationMin smallest Dirichlet concentration
     * @param concentrationMax largest one
     * @param concentrationSteps log-spaced concentrations the draws cycle through
     * @param grid weights are multiples of this (1/n)
     * @param seed the generator's seed
     */
    public record Settings(
            List<String> domains,
            double[] prior,
            double[] fixed,
            double[] caps,
            int size,
            double concentrationMin,
            double concentrationMax,
            int concentrationSteps,
            double grid,
            long seed) {}

    /**
     * The swarm.
     *
     * @param members weights of each member, domains in order
     * @param draws Dirichlet draws made
     * @param rejected draws over a cap
     * @param duplicates draws that rounded to an earlier member
     */
    public record Swarm(
            List<String> domains,
            List<double[]> members,
            long draws,
            long rejected,
            long duplicates) {}

    private SwarmSampler() {}

    /**
     * @throws InfeasibleSwarmException when no mixture within the caps exists or none was drawn
     */
    public static Swarm draw(Settings s) {
        int d = s.domains().size();
        boolean[] free = new boolean[d];
        double freeMass = 1;
        for (int j = 0; j < d; j++) {
            free[j] = Double.isNaN(s.fixed()[j]);
            if (!free[j]) {
                freeMass -= s.fixed()[j];
                if (s.fixed()[j] > s.caps()[j] + 1e-12)
                    throw new InfeasibleSwarmException(
                            s.domains().get(j),
                            s.caps()[j],
                            0,
                            "its fixed weight " + s.fixed()[j] + " is above its cap");
            }
        }
        checkCapsLeaveRoom(s, free, freeMass);
        int units = (int) Math.round(1 / s.grid());
        double[] concentrations = logSpaced(s);
        double[] freePrior = new double[d];
        double priorMass = 0;
        for (int j = 0; j < d; j++) if (free[j]) priorMass += s.prior()[j];
        for (int j = 0; j < d; j++) if (free[j]) freePrior[j] = s.prior()[j] / priorMass;

        List<double[]> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long[] overCap = new long[d];
        double[] priorMember = round(freePrior, free, s.fixed(), freeMass, units);
        if (withinCaps(priorMember, s.caps(), null)) {
            members.add(priorMember);
            seen.add(Arrays.toString(priorMember));
        }
        SplittableRandom random = new SplittableRandom(s.seed());
        long draws = 0, rejected = 0, duplicates = 0;
        long maxDraws = (long) DRAWS_PER_MEMBER * s.size();
        while (members.size() < s.size() && draws < maxDraws) {
            double concentration = concentrations[(int) (draws % concentrations.length)];
            draws++;
            double[] alpha = new double[count(free)];
            for (int j = 0, c = 0; j < d; j++)
                if (free[j]) alpha[c++] = Math.max(1e-9, concentration * freePrior[j]);
            double[] drawn = Dirichlet.draw(alpha, random);
            double[] shares = new double[d];
            for (int j = 0, c = 0; j < d; j++) if (free[j]) shares[j] = drawn[c++];
            double[] member = round(shares, free, s.fixed(), freeMass, units);
            if (!withinCaps(member, s.caps(), overCap)) {
                rejected++;
                continue;
            }
            if (!seen.add(Arrays.toString(member))) {
                duplicates++;
                continue;
            }
            members.add(member);
        }
        if (members.isEmpty()) {
            int binding = 0;
            for (int j = 1; j < d; j++) if (overCap[j] > overCap[binding]) binding = j;
            throw new InfeasibleSwarmException(
                    s.domains().get(binding),
                    s.caps()[binding],
                    draws,
                    "all "
                            + draws
                            + " draws exceed a cap; "
                            + overCap[binding]
                            + " of them exceed the cap of '"
                            + s.domains().get(binding)
                            + "'");
        }
        return new Swarm(List.copyOf(s.domains()), members, draws, rejected, duplicates);
    }

    /** The free domains' caps must be able to hold the free mass between them. */
    private static void checkCapsLeaveRoom(Settings s, boolean[] free, double freeMass) {
        double room = 0;
        int tightest = -1;
        for (int j = 0; j < free.length; j++) {
            if (!free[j]) continue;
            room += Math.min(s.caps()[j], freeMass);
            if (tightest < 0
                    || s.caps()[j] / s.prior()[j] < s.caps()[tightest] / s.prior()[tightest])
                tightest = j;
        }
        if (room < freeMass - 1e-12) {
            throw new InfeasibleSwarmException(
                    s.domains().get(tightest),
                    s.caps()[tightest],
                    0,
                    String.format(
                            java.util.Locale.ROOT,
                            "the free domains' caps add up to %.4f, less than the %.4f they must share",
                            room,
                            freeMass));
        }
    }

    /**
     * Grid rounding by largest remainders: free shares become whole grid units summing to the free
     * mass's units; a free mass that is not a whole number of units leaves its remainder (less than
     * one unit) on the largest free domain.
     */
    static double[] round(
            double[] shares, boolean[] free, double[] fixed, double freeMass, int units) {
        int d = shares.length;
        int total = (int) Math.floor(freeMass * units + 1e-9);
        int[] counts = new int[d];
        double[] remainders = new double[d];
        int assigned = 0;
        double shareSum = 0;
        for (int j = 0; j < d; j++) if (free[j]) shareSum += shares[j];
        for (int j = 0; j < d; j++) {
            if (!free[j]) continue;
            double exact = shares[j] / shareSum * total;
            counts[j] = (int) Math.floor(exact);
            remainders[j] = exact - counts[j];
            assigned += counts[j];
        }
        while (assigned < total) {
            int best = -1;
            for (int j = 0; j < d; j++)
                if (free[j] && (best < 0 || remainders[j] > remainders[best])) best = j;
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        double[] member = new double[d];
        int largest = -1;
        for (int j = 0; j < d; j++) {
            if (free[j]) {
                member[j] = (double) counts[j] / units;
                if (largest < 0 || counts[j] > counts[largest]) largest = j;
            } else {
                member[j] = fixed[j];
            }
        }
        double leftover = freeMass - (double) total / units;
        if (leftover > 1e-12) member[largest] += leftover;
        return member;
    }

    private static boolean withinCaps(double[] member, double[] caps, long[] overCap) {
        boolean ok = true;
        for (int j = 0; j < member.length; j++) {
            if (member[j] > caps[j] + 1e-12) {
                ok = false;
                if (overCap != null) overCap[j]++;
            }
        }
        return ok;
    }

    private static double[] logSpaced(Settings s) {
        int n = s.concentrationSteps();
        double[] values = new double[n];
        double lo = Math.log(s.concentrationMin()), hi = Math.log(s.concentrationMax());
        for (int i = 0; i < n; i++)
            values[i] = Math.exp(n == 1 ? lo : lo + (hi - lo) * i / (n - 1));
        return values;
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return n;
    }
}
