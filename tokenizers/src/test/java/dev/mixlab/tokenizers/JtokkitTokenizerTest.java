package dev.mixlab.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The end-of-text ids and vocabulary sizes written into JtokkitTokenizer, checked against jtokkit's
 * own tables.
 */
class JtokkitTokenizerTest {

    @ParameterizedTest
    @CsvSource({"cl100k_base, 100257, 100277", "o200k_base, 199999, 200019"})
    void endOfTextIdAndVocabularySizeMatchTheEncoding(String name, int eosId, int vocabSize) {
        Tokenizer tokenizer = TokenizerFactory.encoding(name).open();
        assertThat(tokenizer.eosId()).isEqualTo(eosId);
        assertThat(tokenizer.vocabSize()).isEqualTo(vocabSize);
        assertThat(tokenizer.decode(new int[] {tokenizer.eosId()})).isEqualTo("<|endoftext|>");
        // The largest id is a special token; one past it is no token at all.
        assertThat(tokenizer.decode(new int[] {tokenizer.vocabSize() - 1}))
                .isEqualTo("<|endofprompt|>");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {tokenizer.vocabSize()}))
                .hasMessageContaining(String.valueOf(tokenizer.vocabSize()));
    }

    @ParameterizedTest
    @CsvSource({"cl100k_base", "o200k_base"})
    void endOfTextInsideADocumentIsOrdinaryText(String name) {
        Tokenizer tokenizer = TokenizerFactory.encoding(name).open();
        int[] ids = tokenizer.encode("end <|endoftext|> here");
        assertThat(ids).doesNotContain(tokenizer.eosId());
        assertThat(tokenizer.decode(ids)).isEqualTo("end <|endoftext|> here");
    }

    @Test
    void unknownEncodingNamesTheKnownOnes() {
        assertThatThrownBy(() -> TokenizerFactory.encoding("o300k_base").open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("o300k_base")
                .hasMessageContaining("cl100k_base");
    }
}
