package dev.mixlab.search.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwarmSamplerTest {
    private static final List<String> DOMAINS = List.of("text", "code", "markup");
    private static final double[] FREE = {Double.NaN, Double.NaN, Double.NaN};

    private static SwarmSampler.Settings settings(
            double[] fixed, double[] caps, int size, long seed) {
        return new SwarmSampler.Settings(
                DOMAINS, new double[] {0.5, 0.4, 0.1}, fixed, caps, size, 0.1, 10, 8, 0.01, seed);
    }

    @Test
    void membersAreDistinctGridMixturesWithinTheCapsStartingWithThePrior() {
        SwarmSampler.Swarm swarm =
                SwarmSampler.draw(settings(FREE, new double[] {1, 1, 0.15}, 40, 7));
        assertThat(swarm.members()).hasSize(40);
        assertThat(swarm.members().get(0)).containsExactly(0.5, 0.4, 0.1);
        Set<String> distinct = new HashSet<>();
        for (double[] member : swarm.members()) {
            assertThat(Arrays.stream(member).sum()).isCloseTo(1, within(1e-12));
            for (double w : member) {
                assertThat(w).isBetween(0.0, 1.0);
                assertThat(w * 100).isCloseTo(Math.rint(w * 100), within(1e-9));
            }
            assertThat(member[2]).isLessThanOrEqualTo(0.15);
            distinct.add(Arrays.toString(member));
        }
        assertThat(distinct).hasSize(40);
        // Small concentrations reach the corners, large ones stay near the prior: the swarm spans.
        assertThat(swarm.members()).anyMatch(m -> m[0] >= 0.9);
        assertThat(swarm.members()).anyMatch(m -> m[1] >= 0.8);
        assertThat(swarm.rejected()).isPositive();
    }

    @Test
    void theSwarmIsDeterministicForASeed() {
        var a = SwarmSampler.draw(settings(FREE, new double[] {1, 1, 1}, 12, 3));
        var b = SwarmSampler.draw(settings(FREE, new double[] {1, 1, 1}, 12, 3));
        var c = SwarmSampler.draw(settings(FREE, new double[] {1, 1, 1}, 12, 4));
        assertThat(a.members()).usingRecursiveComparison().isEqualTo(b.members());
        assertThat(a.members()).usingRecursiveComparison().isNotEqualTo(c.members());
    }

    @Test
    void fixedWeightsStayAndTheFreeDomainsShareTheRest() {
        var swarm =
                SwarmSampler.draw(
                        settings(
                                new double[] {Double.NaN, Double.NaN, 0.125},
                                new double[] {1, 1, 1},
                                10,
                                1));
        for (double[] member : swarm.members()) {
            assertThat(member[2]).isEqualTo(0.125);
            assertThat(member[0] + member[1]).isCloseTo(0.875, within(1e-12));
        }
    }

    @Test
    void capsThatNoMixtureMeetsNameTheBindingDomain() {
        // text and code may take at most 0.3 each: 0.6 + markup's 0.1 cannot make 1; text, the
        // furthest below its prior (0.3 of 0.5), is named.
        assertThatThrownBy(
                        () -> SwarmSampler.draw(settings(FREE, new double[] {0.3, 0.3, 0.1}, 8, 1)))
                .isInstanceOfSatisfying(
                        InfeasibleSwarmException.class,
                        e -> {
                            assertThat(e.domain()).isEqualTo("text");
                            assertThat(e.cap()).isEqualTo(0.3);
                            assertThat(e.getMessage()).contains("add up to 0.7000");
                        });
        // Feasible in principle (text may take 0.99), but the prior's draws never get there.
        assertThatThrownBy(
                        () ->
                                SwarmSampler.draw(
                                        new SwarmSampler.Settings(
                                                DOMAINS,
                                                new double[] {0.01, 0.98, 0.01},
                                                FREE,
                                                new double[] {1, 0.01, 0.01},
                                                4,
                                                50,
                                                100,
                                                2,
                                                0.01,
                                                1)))
                .isInstanceOfSatisfying(
                        InfeasibleSwarmException.class,
                        e -> {
                            assertThat(e.domain()).isEqualTo("code");
                            assertThat(e.draws()).isEqualTo(4000);
                        });
    }

    @Test
    void dirichletDrawsHaveTheRightMeanEvenForTinyConcentrations() {
        SplittableRandom random = new SplittableRandom(5);
        double[] alpha = {0.002, 0.003, 0.005};
        double[] mean = new double[3];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double[] x = Dirichlet.draw(alpha, random);
            assertThat(Arrays.stream(x).sum()).isCloseTo(1, within(1e-12));
            for (int j = 0; j < 3; j++) mean[j] += x[j] / n;
        }
        assertThat(mean[0]).isCloseTo(0.2, within(0.02));
        assertThat(mean[1]).isCloseTo(0.3, within(0.02));
        assertThat(mean[2]).isCloseTo(0.5, within(0.02));
    }

    @Test
    void roundingKeepsTheSumAndPutsAnOffGridRemainderOnTheLargestDomain() {
        boolean[] free = {true, true, false};
        double[] member =
                SwarmSampler.round(
                        new double[] {0.333, 0.667, 0},
                        free,
                        new double[] {0, 0, 0.125},
                        0.875,
                        100);
        assertThat(member[2]).isEqualTo(0.125);
        assertThat(member[0] + member[1] + member[2]).isCloseTo(1, within(1e-12));
        assertThat(member[0]).isEqualTo(0.29);
        assertThat(member[1]).isCloseTo(0.585, within(1e-12));
    }
}
