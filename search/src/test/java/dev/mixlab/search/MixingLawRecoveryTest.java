package dev.mixlab.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.search.fit.FitQuality;
import dev.mixlab.search.fit.LogLinearLaw;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.propose.Box;
import dev.mixlab.search.swarm.Dirichlet;
import dev.mixlab.search.swarm.SwarmSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Swarms simulated from known exponential mixing laws with measurement noise: the fit recovers the
 * laws, the proposal lands on the true optimum, and held-out mixtures are ranked correctly.
 */
class MixingLawRecoveryTest {
    private static final List<String> DOMAINS = List.of("text", "code", "markup");

    /** Text loss falls with text, code loss with code; markup helps code a little. */
    private static final LogLinearLaw TEXT =
            LogLinearLaw.of(1.0, 1.0, new double[] {-0.8, 1.2, 1.5});

    private static final LogLinearLaw CODE =
            LogLinearLaw.of(0.8, 1.0, new double[] {1.2, -1.2, 0.5});

    private static final double NOISE = 0.01;

    private static double objective(double[] r) {
        return (TEXT.predict(r) + CODE.predict(r)) / 2;
    }

    private static Observations simulate(List<double[]> mixtures, long seed) {
        SplittableRandom noise = new SplittableRandom(seed);
        double[][] weights = mixtures.toArray(double[][]::new);
        double[][] values = new double[weights.length][2];
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            values[i][0] = TEXT.predict(weights[i]) + NOISE * noise.nextGaussian();
            values[i][1] = CODE.predict(weights[i]) + NOISE * noise.nextGaussian();
            runs.add("run-" + i);
        }
        return new Observations(runs, DOMAINS, weights, List.of("text_bpb", "code_bpb"), values);
    }

    private static SwarmSampler.Swarm swarm(int size, long seed) {
        return SwarmSampler.draw(
                new SwarmSampler.Settings(
                        DOMAINS,
                        new double[] {0.45, 0.45, 0.10},
                        new double[] {Double.NaN, Double.NaN, Double.NaN},
                        new double[] {1, 1, 1},
                        size,
                        0.1,
                        5,
                        8,
                        0.01,
                        seed));
    }

    private static SearchAnalysis.Settings settings(Box box, int bootstrap) {
        return new SearchAnalysis.Settings(
                Objective.parse("mean(text_bpb, code_bpb)"),
                ModelKind.LOG_LINEAR,
                new double[] {0.45, 0.45, 0.10},
                box,
                0,
                5,
                bootstrap,
                42,
                false);
    }

    private static Box open() {
        return new Box(new double[3], new double[] {1, 1, 1});
    }

    /** The true optimum by exhaustive search on a 0.001 grid (independent of the proposer). */
    private static double[] trueOptimum(Box box) {
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        int steps = 1000;
        for (int a = 0; a <= steps; a++) {
            for (int b = 0; a + b <= steps; b++) {
                double[] r = {
                    a / (double) steps, b / (double) steps, (steps - a - b) / (double) steps
                };
                boolean inside = true;
                for (int j = 0; j < 3; j++)
                    inside &= r[j] >= box.lower()[j] - 1e-12 && r[j] <= box.upper()[j] + 1e-12;
                if (!inside) continue;
                double value = objective(r);
                if (value < bestValue) {
                    bestValue = value;
                    best = r;
                }
            }
        }
        return best;
    }

    private static double l1(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) sum += Math.abs(a[j] - b[j]);
        return sum;
    }

    @Test
    void theFittedLawsOptimumIsWithinTwoHundredthsOfTheTrueOne() {
        Observations observed = simulate(swarm(24, 7).members(), 11);
        SearchResult result = SearchAnalysis.analyse(observed, settings(open(), 0));
        double[] truth = trueOptimum(open());
        // An interior optimum, so the test is about the fit and not about a corner.
        assertThat(truth[0]).isBetween(0.2, 0.8);
        assertThat(truth[1]).isBetween(0.2, 0.8);
        assertThat(l1(result.proposal().weights(), truth)).isLessThanOrEqualTo(0.02);
        assertThat(result.proposal().objective().value()).isCloseTo(objective(truth), within(0.01));
    }

    @Test
    void heldOutMixturesAreRankedCorrectlyAndCrossValidationSaysSo() {
        Observations observed = simulate(swarm(24, 3).members(), 5);
        SearchResult result = SearchAnalysis.analyse(observed, settings(open(), 0));

        SplittableRandom random = new SplittableRandom(99);
        List<double[]> heldOut = new ArrayList<>();
        for (int i = 0; i < 200; i++) heldOut.add(Dirichlet.draw(new double[] {1, 1, 1}, random));
        Observations measured = simulate(heldOut, 17);
        double[] truth = new double[heldOut.size()];
        double[] predicted = new double[heldOut.size()];
        LogLinearLaw text = LogLinearLaw.fit(observed.weights(), observed.column("text_bpb"));
        LogLinearLaw code = LogLinearLaw.fit(observed.weights(), observed.column("code_bpb"));
        for (int i = 0; i < heldOut.size(); i++) {
            truth[i] = (measured.values()[i][0] + measured.values()[i][1]) / 2;
            predicted[i] = (text.predict(heldOut.get(i)) + code.predict(heldOut.get(i))) / 2;
        }
        assertThat(FitQuality.decisionAccuracy(truth, predicted)).isGreaterThanOrEqualTo(0.9);

        FitQuality cv = result.objectiveQuality().get(ModelKind.LOG_LINEAR);
        assertThat(cv.runs()).isEqualTo(24);
        assertThat(cv.r2()).isGreaterThan(0.95);
        assertThat(cv.spearman()).isGreaterThan(0.9);
        assertThat(cv.decisionAccuracy()).isGreaterThan(0.9);
    }

    @Test
    void theInteractionMatrixRecoversTheTrueExponentsWithIntervalsCoveringThem() {
        Observations observed = simulate(swarm(30, 21).members(), 8);
        SearchResult result = SearchAnalysis.analyse(observed, settings(open(), 200));
        double[] prior = {0.45, 0.45, 0.10};
        double[] trueText = TEXT.effects(prior);
        double[] fittedText = result.effects().get("text_bpb");
        for (int j = 0; j < 3; j++) {
            assertThat(fittedText[j]).as(DOMAINS.get(j)).isCloseTo(trueText[j], within(0.25));
            var interval = result.effectIntervals().get("text_bpb")[j];
            assertThat(interval.low()).isLessThanOrEqualTo(trueText[j] + 0.05);
            assertThat(interval.high()).isGreaterThanOrEqualTo(trueText[j] - 0.05);
        }
        // Text: more text lowers text loss, the sign the report shows.
        assertThat(fittedText[0]).isNegative();
        assertThat(result.effects().get("code_bpb")[1]).isNegative();
        assertThat(result.bootstrap()).isEqualTo(200);
        var interval = result.proposal().objective().interval();
        assertThat(interval.low()).isLessThan(result.proposal().objective().value());
        assertThat(interval.high()).isGreaterThan(result.proposal().objective().value());
    }

    @Test
    void boundsFixedWeightsAndCapsHoldAndTheOptimumUnderThemIsFound() {
        // markup fixed at 0.1, code capped at 0.35 (e.g. its pools at the target scale).
        SwarmSampler.Swarm swarm =
                SwarmSampler.draw(
                        new SwarmSampler.Settings(
                                DOMAINS,
                                new double[] {0.5, 0.4, 0.1},
                                new double[] {Double.NaN, Double.NaN, 0.1},
                                new double[] {1, 1, 1},
                                20,
                                0.1,
                                5,
                                8,
                                0.01,
                                4));
        for (double[] member : swarm.members()) assertThat(member[2]).isEqualTo(0.1);
        Observations observed = simulate(swarm.members(), 2);
        Box box = new Box(new double[] {0, 0, 0.1}, new double[] {1, 0.35, 0.1});
        SearchResult result = SearchAnalysis.analyse(observed, settings(box, 0));
        double[] proposal = result.proposal().weights();
        assertThat(proposal[2]).isCloseTo(0.1, within(1e-12));
        assertThat(proposal[1]).isLessThanOrEqualTo(0.35 + 1e-12);
        assertThat(proposal[0] + proposal[1] + proposal[2]).isCloseTo(1, within(1e-12));
        assertThat(l1(proposal, trueOptimum(box))).isLessThanOrEqualTo(0.02);
    }

    @Test
    void aLargeKlPenaltyPullsTheProposalToThePrior() {
        Observations observed = simulate(swarm(20, 9).members(), 1);
        double[] prior = {0.45, 0.45, 0.10};
        SearchResult loose = SearchAnalysis.analyse(observed, settings(open(), 0));
        SearchResult pulled =
                SearchAnalysis.analyse(
                        observed,
                        new SearchAnalysis.Settings(
                                Objective.parse("mean(text_bpb, code_bpb)"),
                                ModelKind.LOG_LINEAR,
                                prior,
                                open(),
                                100,
                                5,
                                0,
                                42,
                                false));
        assertThat(l1(pulled.proposal().weights(), prior)).isLessThan(0.02);
        assertThat(l1(loose.proposal().weights(), prior)).isGreaterThan(0.1);
    }

    @Test
    void theLogRidgeModelAlsoRanksTheSwarmAndCanDriveTheProposal() {
        Observations observed = simulate(swarm(24, 3).members(), 5);
        SearchResult result =
                SearchAnalysis.analyse(
                        observed,
                        new SearchAnalysis.Settings(
                                Objective.parse("mean(text_bpb, code_bpb)"),
                                ModelKind.LOG_RIDGE,
                                new double[] {0.45, 0.45, 0.10},
                                open(),
                                0,
                                5,
                                0,
                                42,
                                false));
        assertThat(result.objectiveQuality().get(ModelKind.LOG_RIDGE).spearman())
                .isGreaterThan(0.8);
        assertThat(l1(result.proposal().weights(), trueOptimum(open()))).isLessThan(0.3);
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        Observations observed = simulate(swarm(16, 1).members(), 1);
        SearchResult a = SearchAnalysis.analyse(observed, settings(open(), 50));
        SearchResult b = SearchAnalysis.analyse(observed, settings(open(), 50));
        assertThat(a.proposal().weights()).containsExactly(b.proposal().weights());
        assertThat(a.proposal().objective().interval())
                .isEqualTo(b.proposal().objective().interval());
    }
}
