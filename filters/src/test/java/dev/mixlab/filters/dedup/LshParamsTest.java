package dev.mixlab.filters.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LshParamsTest {

    @Test
    void defaultBandingMeetsBothDetectionTargets() {
        LshParams lsh = new MinHasher(MinHasher.SCHEMA.defaults()).lsh();
        assertThat(lsh).isEqualTo(new LshParams(21, 12));
        assertThat(lsh.candidateProbability(0.85)).isGreaterThanOrEqualTo(0.95);
        assertThat(lsh.candidateProbability(0.5)).isLessThanOrEqualTo(0.01);
        assertThat(lsh.effectiveThreshold()).isBetween(0.75, 0.8);
    }

    @Test
    void noBandingOf112Or128ValuesMeetsBothTargets() {
        for (int permutations : List.of(112, 128)) {
            IntStream.rangeClosed(1, permutations)
                    .filter(rows -> permutations % rows == 0)
                    .forEach(
                            rows -> {
                                LshParams lsh = new LshParams(permutations / rows, rows);
                                assertThat(
                                                lsh.candidateProbability(0.85) >= 0.95
                                                        && lsh.candidateProbability(0.5) <= 0.01)
                                        .as("%s", lsh)
                                        .isFalse();
                            });
        }
    }

    @Test
    void thresholdChoosesTheBandingWithTheSmallestErrorArea() {
        assertThat(LshParams.forThreshold(128, 0.75)).isEqualTo(new LshParams(16, 8));
        assertThat(LshParams.forThreshold(128, 0.8)).isEqualTo(new LshParams(8, 16));
        LshParams chosen = LshParams.forThreshold(240, 0.75);
        double chosenError = chosen.falsePositiveArea(0.75) + chosen.falseNegativeArea(0.75);
        for (int rows : List.of(1, 2, 8, 10, 15, 16, 24, 240)) {
            LshParams other = new LshParams(240 / rows, rows);
            assertThat(other.falsePositiveArea(0.75) + other.falseNegativeArea(0.75))
                    .isGreaterThanOrEqualTo(chosenError);
        }
    }

    @Test
    void bandKeysChangeOnlyInTheBandThatHoldsADifference() {
        LshParams lsh = new LshParams(4, 3);
        long[] signature = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        long[] changed = signature.clone();
        changed[7] = 99;

        List<BandKey> keys = lsh.bandKeys(signature);
        List<BandKey> changedKeys = lsh.bandKeys(changed);
        assertThat(keys).extracting(BandKey::band).containsExactly(0, 1, 2, 3);
        assertThat(keys).isEqualTo(lsh.bandKeys(signature.clone()));
        assertThat(
                        IntStream.range(0, 4)
                                .filter(band -> !keys.get(band).equals(changedKeys.get(band))))
                .containsExactly(2);
        // Equal rows in different bands must not collide: the band index is part of the key.
        assertThat(lsh.bandKeys(new long[12]).stream().distinct()).hasSize(4);
    }

    @Test
    void rejectsMismatchedSignaturesAndImpossibleParameters() {
        assertThatThrownBy(() -> new LshParams(21, 12).bandKeys(new long[128]))
                .hasMessageContaining(
                        "signature has 128 values but LSH expects 21 bands × 12 rows = 252");
        assertThatThrownBy(() -> LshParams.forThreshold(128, 1.0))
                .hasMessageContaining("strictly between 0 and 1");
        assertThatThrownBy(() -> new LshParams(0, 4))
                .hasMessageContaining("bands and rows must be ≥ 1");
    }
}
