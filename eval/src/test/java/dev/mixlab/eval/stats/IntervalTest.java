package dev.mixlab.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.eval.compare.RelativeChange;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalTest {
    @Test
    void wilsonMatchesTheTextbookValues() {
        Interval half = Interval.wilson(0.5, 100);
        assertThat(half.low()).isCloseTo(0.4038, within(1e-4));
        assertThat(half.high()).isCloseTo(0.5962, within(1e-4));
        // At a rate of 1 with few comparisons the interval stays open below, unlike p ±
        // 1.96·√(p(1−p)/n).
        Interval allWins = Interval.wilson(1.0, 10);
        assertThat(allWins.low()).isCloseTo(0.7225, within(1e-4));
        assertThat(allWins.high()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void pairedBootstrapIsReproducibleAndCentredOnTheMeanDifference() {
        Map<Long, Double> a = new HashMap<>();
        Map<Long, Double> b = new HashMap<>();
        for (long i = 0; i < 500; i++) {
            a.put(i, i % 3 == 0 ? 1.0 : 0.0);
            b.put(i, i % 3 == 0 || i % 7 == 0 ? 1.0 : 0.0);
        }
        b.put(999L, 1.0); // only in one run: not paired, ignored
        Interval interval = PairedBootstrap.meanDifference(b, a);
        double mean =
                a.keySet().stream().mapToDouble(i -> b.get(i) - a.get(i)).average().orElseThrow();
        assertThat(interval.low()).isLessThan(mean);
        assertThat(interval.high()).isGreaterThan(mean);
        assertThat(PairedBootstrap.meanDifference(b, a)).isEqualTo(interval);
        assertThat(PairedBootstrap.meanDifference(Map.of(1L, 1.0), Map.of(1L, 0.0))).isNull();
    }

    @Test
    void relativeChangeIsWrittenLikeThePaper() {
        assertThat(RelativeChange.format(53.0, 49.0)).isEqualTo("+8.2%");
        assertThat(RelativeChange.format(9.9, 9.5)).isEqualTo("+4.2%");
        assertThat(RelativeChange.format(4.8, 0.4)).isEqualTo("12.0×");
        assertThat(RelativeChange.format(44.7, 49.0)).isEqualTo("-8.8%");
        assertThat(RelativeChange.format(1.99, 1.0)).isEqualTo("+99.0%");
        assertThat(RelativeChange.format(2.0, 1.0)).isEqualTo("2.0×");
        assertThat(RelativeChange.format(3.0, 0.0)).isEqualTo("n/a (baseline 0)");
        assertThat(RelativeChange.improvement(1.2, 1.5, false)).isCloseTo(0.2, within(1e-12));
    }
}
