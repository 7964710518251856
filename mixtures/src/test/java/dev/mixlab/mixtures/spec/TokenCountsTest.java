package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenCountsTest {
    @Test
    void parsesTheUsualWritings() {
        assertThat(TokenCounts.parse("200B")).isEqualTo(200_000_000_000L);
        assertThat(TokenCounts.parse("50M")).isEqualTo(50_000_000L);
        assertThat(TokenCounts.parse("1.5e6")).isEqualTo(1_500_000L);
        assertThat(TokenCounts.parse("2.5k")).isEqualTo(2_500L);
        assertThat(TokenCounts.parse("1_000_000")).isEqualTo(1_000_000L);
        assertThat(TokenCounts.parse("1T")).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void rejectsNonPositiveFractionalAndGarbage() {
        assertThatThrownBy(() -> TokenCounts.parse("0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenCounts.parse("-1M")).hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenCounts.parse("1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> TokenCounts.parse("lots"))
                .hasMessageContaining("not a token count");
    }

    @Test
    void formatsShortAndExact() {
        assertThat(TokenCounts.format(200_000_000_000L)).isEqualTo("200B");
        assertThat(TokenCounts.format(1_500_000L)).isEqualTo("1.5M");
        assertThat(TokenCounts.format(40_000_000_000L)).isEqualTo("40B");
        assertThat(TokenCounts.format(12_345L)).isEqualTo("12,345");
        assertThat(TokenCounts.format(12_340L)).isEqualTo("12.34K");
    }
}
