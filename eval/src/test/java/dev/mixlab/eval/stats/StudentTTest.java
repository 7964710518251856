package dev.mixlab.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {
    @Test
    void criticalValuesMatchTheTTable() {
        // Two-sided 95% critical values as printed in any t table (df: value).
        assertThat(StudentT.critical95(1)).isCloseTo(12.7062047, within(1e-6));
        assertThat(StudentT.critical95(2)).isCloseTo(4.3026527, within(1e-6));
        assertThat(StudentT.critical95(3)).isCloseTo(3.1824463, within(1e-6));
        assertThat(StudentT.critical95(4)).isCloseTo(2.7764451, within(1e-6));
        assertThat(StudentT.critical95(10)).isCloseTo(2.2281389, within(1e-6));
        assertThat(StudentT.critical95(30)).isCloseTo(2.0422725, within(1e-6));
        // Many degrees of freedom: the normal's 1.96.
        assertThat(StudentT.critical95(1e7)).isCloseTo(Interval.Z95, within(1e-6));
        assertThat(StudentT.quantile(0.025, 2)).isCloseTo(-4.3026527, within(1e-6));
    }

    @Test
    void distributionFunctionMatchesClosedForms() {
        // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/π.
        // df = 2: F(t) = 1/2 + t / (2·√(2 + t²)).
        for (double t : new double[] {-7.5, -1, -0.2, 0, 0.3, 2, 40}) {
            assertThat(StudentT.cdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-12));
            assertThat(StudentT.cdf(t, 2))
                    .isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-12));
        }
        assertThat(StudentT.twoSidedP(0, 5)).isEqualTo(1.0);
        // Fractional degrees of freedom (Welch) lie between their integer neighbours.
        assertThat(StudentT.critical95(2.5))
                .isBetween(StudentT.critical95(3), StudentT.critical95(2));
    }
}
