package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which tokenizer turns documents into ids: {@code bytes} (UTF-8 bytes, 257 ids), a jtokkit
 * encoding by name, or a Hugging Face {@code tokenizer.json} file (read offline). Exactly one of
 * the two is set.
 *
 * @param encoding {@code bytes} or a jtokkit encoding name, e.g. {@code o200k_base}; null for an HF
 *     file
 * @param tokenizerJson path to an HF {@code tokenizer.json}; null for a jtokkit encoding
 */
public record TokenizerSpec(String encoding, Path tokenizerJson) {
    public static final List<String> ENCODINGS =
            List.of("bytes", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base");

    public TokenizerSpec {
        InvalidValueException.check(
                (encoding == null) != (tokenizerJson == null),
                "",
                "give either a jtokkit encoding name or a path to a tokenizer.json, not both");
        if (encoding != null) {
            InvalidValueException.check(
                    ENCODINGS.contains(encoding),
                    "",
                    "unknown encoding '"
                            + encoding
                            + "'"
                            + Suggestions.didYouMean(encoding, ENCODINGS)
                            + "; known: "
                            + String.join(", ", ENCODINGS)
                            + ", or a path to a tokenizer.json");
        }
        if (tokenizerJson != null) {
            InvalidValueException.check(
                    Files.isRegularFile(tokenizerJson),
                    "",
                    "tokenizer file "
                            + tokenizerJson
                            + " does not exist; give a path to a Hugging Face tokenizer.json (relative to the spec file) or a jtokkit encoding name");
        }
    }

    /** The recipe that opens this tokenizer. */
    public dev.mixlab.tokenizers.TokenizerFactory factory() {
        return encoding != null
                ? dev.mixlab.tokenizers.TokenizerFactory.encoding(encoding)
                : dev.mixlab.tokenizers.TokenizerFactory.huggingFace(tokenizerJson);
    }

    /** Human and fingerprint form: the encoding name or the file path. */
    public String describe() {
        return encoding != null ? encoding : tokenizerJson.toString();
    }
}
