package dev.mixlab.search.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxTest {
    @Test
    void projectionIsTheNearestPointOfTheBox() {
        Box box = new Box(new double[] {0.1, 0, 0.2}, new double[] {0.5, 1, 0.2});
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            double[] v = {
                random.nextDouble(-1, 2), random.nextDouble(-1, 2), random.nextDouble(-1, 2)
            };
            double[] p = box.project(v);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
            for (int j = 0; j < 3; j++) assertThat(p[j]).isBetween(box.lower()[j], box.upper()[j]);
            // No feasible point on a fine grid is closer.
            double best = distance(v, p);
            for (int a = 10; a <= 50; a++) {
                double[] q = {a / 100.0, 0.8 - a / 100.0, 0.2};
                assertThat(distance(v, q)).isGreaterThanOrEqualTo(best - 1e-12);
            }
        }
    }

    @Test
    void infeasibleBoundsAreExplained() {
        List<String> domains = List.of("text", "code");
        assertThat(new Box(new double[] {0.6, 0.6}, new double[] {1, 1}).infeasibility(domains))
                .hasValueSatisfying(w -> assertThat(w).contains("lower bounds add up to 1.2"));
        assertThat(new Box(new double[] {0, 0}, new double[] {0.3, 0.4}).infeasibility(domains))
                .hasValueSatisfying(
                        w ->
                                assertThat(w)
                                        .contains(
                                                "upper bounds (max weights and repetition caps) add up to 0.7"));
        assertThat(new Box(new double[] {0, 0}, new double[] {1, 1}).infeasibility(domains))
                .isEmpty();
    }

    @Test
    void theProposerFindsTheMinimumOfAConvexFunctionOnTheSimplex() {
        // Squared distance to a point outside the simplex: the minimum is its projection.
        double[] target = {0.7, 0.6, -0.1};
        Proposer.Function f =
                new Proposer.Function() {
                    public double value(double[] x) {
                        return distance(x, target);
                    }

                    public double[] gradient(double[] x) {
                        double[] g = new double[3];
                        for (int j = 0; j < 3; j++) g[j] = 2 * (x[j] - target[j]);
                        return g;
                    }
                };
        Box box = new Box(new double[3], new double[] {1, 1, 1});
        double[] x = Proposer.minimise(f, box, List.of(new double[] {0, 0, 1}));
        assertThat(x).containsExactly(new double[] {0.55, 0.45, 0}, within(1e-9));
    }

    private static double distance(double[] a, double[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) d += (a[j] - b[j]) * (a[j] - b[j]);
        return d;
    }
}
