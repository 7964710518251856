package dev.mixlab.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final FilterParameter<Integer> MIN_WORDS =
            new ParameterSchema("example").minCount("min_words", 50, "Fewest words.");

    @Test
    void dropDetailShowsMeasuredValueAgainstNamedThreshold() {
        assertThat(Verdict.dropBelow("example.too_few_words", 12, MIN_WORDS, 50).detail())
                .isEqualTo("12 < min_words 50");
        assertThat(Verdict.dropAbove("example.ratio", 0.123456, MIN_WORDS, 0.1).detail())
                .isEqualTo("0.123 > min_words 0.1");
        assertThat(Verdict.drop("example.rule", "x").withContext("language de").detail())
                .isEqualTo("x (language de)");
    }

    @Test
    void keepAndDropAreDistinguishable() {
        assertThat(Verdict.keep().kept()).isTrue();
        assertThat(Verdict.drop("example.rule", "detail").kept()).isFalse();
    }

    @Test
    void reasonCodeMustBeFilterDotRule() {
        assertThatThrownBy(() -> Verdict.drop("Too Few Words", "detail"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter_name.rule");
        assertThatThrownBy(() -> Verdict.drop("gopher_quality", "detail"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
