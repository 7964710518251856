package dev.mixlab.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-of-text detection in a Hugging Face tokenizer.json, on small word-level tokenizers DJL can
 * load.
 */
class HuggingFaceJsonTokenizerTest {
    @TempDir Path dir;

    /** A whitespace word-level tokenizer with the given added tokens and vocabulary (JSON). */
    private Path tokenizerJson(String name, String addedTokensJson, String vocabJson)
            throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": %s,
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordLevel", "vocab": %s, "unk_token": "[UNK]"}}
                """
                        .formatted(addedTokensJson, vocabJson));
        return file;
    }

    private static String added(int id, String content) {
        return """
                {"id": %d, "content": "%s", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}"""
                .formatted(id, content);
    }

    @Test
    void findsTheEndOfTextTokenAndCountsAddedTokensInTheVocabulary() throws IOException {
        Path file =
                tokenizerJson(
                        "eos.json",
                        "[" + added(3, "[PAD]") + ", " + added(4, "</s>") + "]",
                        "{\"[UNK]\": 0, \"hello\": 1, \"world\": 2, \"[PAD]\": 3, \"</s>\": 4}");
        try (Tokenizer tokenizer = TokenizerFactory.huggingFace(file).open()) {
            assertThat(tokenizer.eosId()).isEqualTo(4);
            assertThat(tokenizer.vocabSize()).isEqualTo(5);
            assertThat(tokenizer.encode("hello world hello")).containsExactly(1, 2, 1);
        }
    }

    @Test
    void prefersEndOfTextOverOtherEndTokens() throws IOException {
        Path file =
                tokenizerJson(
                        "both.json",
                        "[" + added(2, "</s>") + ", " + added(3, "<|endoftext|>") + "]",
                        "{\"[UNK]\": 0, \"hello\": 1, \"</s>\": 2, \"<|endoftext|>\": 3}");
        try (Tokenizer tokenizer = TokenizerFactory.huggingFace(file).open()) {
            assertThat(tokenizer.eosId()).isEqualTo(3);
        }
    }

    @Test
    void tokenizerWithoutAnEndOfTextTokenIsRefusedWithItsPath() throws IOException {
        Path file =
                tokenizerJson(
                        "no-eos.json",
                        "[" + added(2, "[PAD]") + "]",
                        "{\"[UNK]\": 0, \"hello\": 1, \"[PAD]\": 2}");
        assertThatThrownBy(() -> TokenizerFactory.huggingFace(file).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("<|endoftext|>")
                .hasMessageContaining("added_tokens");
    }

    @Test
    void unreadableFileNamesIt() {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> TokenizerFactory.huggingFace(missing).open())
                .hasMessageContaining(missing.toString());
    }
}
