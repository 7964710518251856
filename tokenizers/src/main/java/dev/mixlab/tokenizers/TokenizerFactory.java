package dev.mixlab.tokenizers;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Serializable recipe of a tokenizer: a jtokkit encoding name, {@code bytes} (UTF-8 bytes), or the
 * path of a Hugging Face {@code tokenizer.json}. {@link #open()} builds the tokenizer.
 */
public record TokenizerFactory(String encoding, String tokenizerJson) implements Serializable {
    public TokenizerFactory {
        if ((encoding == null) == (tokenizerJson == null)) {
            throw new IllegalArgumentException(
                    "give exactly one of a jtokkit encoding name or a tokenizer.json path");
        }
    }

    public static TokenizerFactory encoding(String name) {
        return new TokenizerFactory(name, null);
    }

    public static TokenizerFactory huggingFace(Path tokenizerJson) {
        return new TokenizerFactory(null, tokenizerJson.toAbsolutePath().toString());
    }

    public Tokenizer open() {
        if (encoding == null) return HuggingFaceJsonTokenizer.open(Path.of(tokenizerJson));
        return encoding.equals(ByteTokenizer.NAME)
                ? new ByteTokenizer()
                : new JtokkitTokenizer(encoding);
    }
}
