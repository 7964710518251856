package dev.mixlab.filters.decontaminate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramMembershipTest {
    @Test
    void exactSetHoldsWhatWasAddedAndNothingElse() {
        SplittableRandom random = new SplittableRandom(7);
        long[] ngrams = new long[50_000];
        for (int i = 0; i < ngrams.length; i++) ngrams[i] = random.nextLong();
        ngrams[0] = 0; // the empty-slot value is a valid hash too
        ngrams[1] = ngrams[2]; // repeats count once
        NgramMembership set = NgramMembership.of(ngrams, Long.MAX_VALUE, 0.001);
        assertThat(set.kind()).isEqualTo("exact");
        assertThat(set.size()).isEqualTo(ngrams.length - 1);
        for (long ngram : ngrams) assertThat(set.contains(ngram)).isTrue();
        int falseHits = 0;
        for (int i = 0; i < 100_000; i++) if (set.contains(random.nextLong())) falseHits++;
        assertThat(falseHits).isZero();
        assertThat(set.memoryBytes()).isEqualTo(8L * 131_072);
        assertThat(set.falsePositiveRate()).isZero();
    }

    @Test
    void bloomFilterAboveTheThresholdHasItsStatedFalsePositiveRate() {
        SplittableRandom random = new SplittableRandom(11);
        long[] ngrams = new long[100_000];
        for (int i = 0; i < ngrams.length; i++) ngrams[i] = random.nextLong();
        NgramMembership bloom = NgramMembership.of(ngrams, 99_999, 0.01);
        assertThat(bloom.kind()).isEqualTo("bloom");
        for (long ngram : ngrams) assertThat(bloom.contains(ngram)).isTrue();
        int lookups = 1_000_000;
        int falseHits = 0;
        for (int i = 0; i < lookups; i++) if (bloom.contains(random.nextLong())) falseHits++;
        double measured = (double) falseHits / lookups;
        assertThat(bloom.falsePositiveRate()).isBetween(0.008, 0.012);
        assertThat(measured)
                .isBetween(bloom.falsePositiveRate() * 0.8, bloom.falsePositiveRate() * 1.2);
        // About 9.6 bits per n-gram at 1%, against the exact set's 128 to 256.
        assertThat(bloom.memoryBytes()).isLessThan(130_000L);
    }
}
