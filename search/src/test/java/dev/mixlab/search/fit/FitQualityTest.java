package dev.mixlab.search.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FitQualityTest {
    @Test
    void perfectAndReversedPredictions() {
        double[] y = {1, 2, 3, 4};
        FitQuality perfect = FitQuality.of(y, new double[] {1, 2, 3, 4});
        assertThat(perfect.r2()).isEqualTo(1);
        assertThat(perfect.spearman()).isEqualTo(1);
        assertThat(perfect.decisionAccuracy()).isEqualTo(1);
        FitQuality reversed = FitQuality.of(y, new double[] {4, 3, 2, 1});
        assertThat(reversed.spearman()).isEqualTo(-1);
        assertThat(reversed.decisionAccuracy()).isEqualTo(0);
        assertThat(reversed.r2()).isEqualTo(-3);
    }

    @Test
    void decisionAccuracyCountsTiedPredictionsAsHalfAndSkipsTiedMeasurements() {
        double[] y = {1, 2, 2};
        double[] p = {1, 1, 3};
        // (0,1): predicted tie → 0.5; (0,2): right → 1; (1,2): measured tie → skipped.
        assertThat(FitQuality.decisionAccuracy(y, p)).isEqualTo(0.75);
    }

    @Test
    void spearmanUsesMeanRanksForTies() {
        assertThat(FitQuality.ranks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
        assertThat(FitQuality.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}))
                .isCloseTo(0.8, within(1e-12));
    }

    @Test
    void foldsAreBalancedAndSeeded() {
        int[] folds = CrossValidation.folds(23, 5, 9);
        int[] counts = new int[5];
        for (int f : folds) counts[f]++;
        assertThat(counts).containsExactly(5, 5, 5, 4, 4);
        assertThat(CrossValidation.folds(23, 5, 9)).containsExactly(folds);
        assertThat(CrossValidation.folds(3, 5, 9)).containsExactlyInAnyOrder(0, 1, 2);
    }
}
