package dev.mixlab.filters;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of curated data: a web page, a parliament speech, a source file.
 *
 * <p>Immutable and {@link Serializable} so that Beam can encode it. The metadata map is copied and
 * unmodifiable; well-known keys are {@link #PATH}, {@link #LANGUAGE} and {@link #LANG}.
 *
 * @param id stable identifier within its source, used in quarantine and dedup reports
 * @param source name of the source (corpus) the document came from
 * @param kind what the text is: {@link #KIND_TEXT}, {@link #KIND_CODE} or {@link #KIND_MARKUP};
 *     filters are routed by kind
 * @param text the content, already normalised (see {@code dev.mixlab.filters.normalise})
 * @param metadata string attributes such as the file path or the natural language
 */
public record Document(
        String id, String source, String kind, String text, Map<String, String> metadata)
        implements Serializable {

    public static final String KIND_TEXT = "text";
    public static final String KIND_CODE = "code";
    public static final String KIND_MARKUP = "markup";

    /**
     * Metadata key: path of the file inside its archive or repository, e.g. {@code src/Foo.java}.
     */
    public static final String PATH = "path";

    /** Metadata key: programming or data language of a file, e.g. {@code Java}, {@code JSON}. */
    public static final String LANGUAGE = "language";

    /** Metadata key: natural language as an ISO 639-1 code, e.g. {@code de}, set by language ID. */
    public static final String LANG = "lang";

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    public Document withText(String newText) {
        return new Document(id, source, kind, newText, metadata);
    }

    /** A copy with {@code key} set to {@code value}, e.g. the language found by language ID. */
    public Document withMetadata(String key, String value) {
        Map<String, String> updated = new HashMap<>(metadata);
        updated.put(key, value);
        return new Document(id, source, kind, text, updated);
    }

    public Optional<String> metadataValue(String key) {
        return Optional.ofNullable(metadata.get(key));
    }
}
