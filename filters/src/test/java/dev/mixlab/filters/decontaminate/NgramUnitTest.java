package dev.mixlab.filters.decontaminate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NgramUnitTest {
    @Test
    void wordsFoldCaseDeletePunctuationAndCollapseWhitespace() {
        long[] plain = NgramUnit.WORDS.tokens("the quick brown fox jumps").ngrams(3);
        long[] variant = NgramUnit.WORDS.tokens("  The QUICK,\n\n brown — “fox” jumps!!").ngrams(3);
        assertThat(variant).containsExactly(plain);
        // Punctuation inside a word is deleted, not a separator (the janitor's translate()).
        assertThat(NgramUnit.WORDS.tokens("don't stop").ngrams(2))
                .containsExactly(NgramUnit.WORDS.tokens("dont stop").ngrams(2));
    }

    @Test
    void spansPointIntoTheOriginalText() {
        String text = "  Hello, (big) world!";
        NgramUnit.Tokens tokens = NgramUnit.WORDS.tokens(text);
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(text.substring(tokens.start(0), tokens.end(0))).isEqualTo("Hello,");
        assertThat(text.substring(tokens.start(1), tokens.end(1))).isEqualTo("big)");
        assertThat(text.substring(tokens.start(2), tokens.end(2))).isEqualTo("world!");
    }

    @Test
    void codeTokensIgnoreLayoutAndOperators() {
        long[] a = NgramUnit.CODE_TOKENS.tokens("def add(a, b):\n    return a + b").ngrams(4);
        long[] b = NgramUnit.CODE_TOKENS.tokens("def add( a,b ) :  return a+b").ngrams(4);
        assertThat(a).hasSize(4).containsExactly(b);
        assertThat(NgramUnit.of("auto", "code")).isEqualTo(NgramUnit.CODE_TOKENS);
        assertThat(NgramUnit.of("auto", "markup")).isEqualTo(NgramUnit.WORDS);
    }
}
