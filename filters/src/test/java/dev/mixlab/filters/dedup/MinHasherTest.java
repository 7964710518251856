package dev.mixlab.filters.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.Document;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinHasherTest {

    private static final MinHasher HASHER = new MinHasher(MinHasher.SCHEMA.defaults());
    private static final String TEXT =
            "The committee met on Tuesday to discuss the new budget for the region, "
                    + "and members raised several questions about the cost of the rail project.";

    @Test
    void signaturesAreDeterministicForASeed() {
        long[] signature = HASHER.signature(TEXT, Shingling.WORDS);
        assertThat(signature)
                .hasSize(252)
                .isEqualTo(
                        new MinHasher(MinHasher.SCHEMA.defaults())
                                .signature(TEXT, Shingling.WORDS));
        MinHasher otherSeed = new MinHasher(MinHasher.SCHEMA.of(Map.of(MinHasher.SEED, 7)));
        assertThat(
                        MinHasher.estimatedJaccard(
                                signature, otherSeed.signature(TEXT, Shingling.WORDS)))
                .isLessThan(0.05);
    }

    @Test
    void wordShinglesIgnoreCaseAndPunctuation() {
        String shouted = TEXT.toUpperCase().replace(",", " --").replace(".", "!");
        assertThat(
                        MinHasher.estimatedJaccard(
                                HASHER.signature(TEXT, Shingling.WORDS),
                                HASHER.signature(shouted, Shingling.WORDS)))
                .isEqualTo(1.0);
    }

    @Test
    void codeIsShingledByIdentifierTokensWithCaseKept() {
        assertThat(Shingling.CODE_TOKENS.tokens("int sizeInBytes = a.b_c(x1, 0x2F);"))
                .containsExactly("int", "sizeInBytes", "a", "b_c", "x1", "0x2F");
        assertThat(Shingling.forKind(Document.KIND_CODE)).isEqualTo(Shingling.CODE_TOKENS);
        assertThat(Shingling.forKind(Document.KIND_MARKUP)).isEqualTo(Shingling.WORDS);
        Document java = new Document("1", "t", Document.KIND_CODE, "return a.size();", Map.of());
        assertThat(HASHER.signature(java))
                .isEqualTo(HASHER.signature(java.text(), Shingling.CODE_TOKENS));
        assertThat(HASHER.signature(java))
                .isNotEqualTo(HASHER.signature("return A.SIZE();", Shingling.CODE_TOKENS));
    }

    @Test
    void shortAndTokenlessTextsStillGetDistinctSignatures() {
        assertThat(Shingling.WORDS.shingleHashes("two words", 5)).hasSize(1);
        assertThat(Shingling.WORDS.shingleHashes("-- !!", 5)).hasSize(1);
        assertThat(HASHER.signature("-- !!", Shingling.WORDS))
                .isNotEqualTo(HASHER.signature("== ??", Shingling.WORDS));
        assertThat(HASHER.signature("two words", Shingling.WORDS))
                .isNotEqualTo(HASHER.signature("other words", Shingling.WORDS));
    }

    @Test
    void estimatedJaccardNeedsComparableSignatures() {
        assertThatThrownBy(() -> MinHasher.estimatedJaccard(new long[252], new long[128]))
                .hasMessageContaining("were they made with the same MinHasher settings?");
    }

    @Test
    void settingsAreValidatedAndReadableFromYaml() {
        assertThat(MinHasher.SCHEMA.read(Map.of("permutations", 128, "threshold", 0.8)))
                .isEqualTo(
                        MinHasher.SCHEMA.of(
                                Map.of(
                                        MinHasher.SHINGLE_SIZE,
                                        5,
                                        MinHasher.PERMUTATIONS,
                                        128,
                                        MinHasher.THRESHOLD,
                                        0.8,
                                        MinHasher.SEED,
                                        42)));
        assertThatThrownBy(() -> MinHasher.SCHEMA.read(Map.of("treshold", 0.8)))
                .hasMessageContaining("did you mean 'threshold'?");
        assertThatThrownBy(() -> MinHasher.SCHEMA.of(Map.of(MinHasher.SHINGLE_SIZE, 0)))
                .hasMessageContaining("'shingle_size'");
    }
}
