package dev.mixlab.mixtures.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which record fields hold the document text, its id and its metadata (JSONL and Parquet inputs).
 * For source directories and archives the text is the file content and the id its path.
 *
 * @param text field with the document text (default {@code text}; The Stack uses {@code content})
 * @param id field with a stable document id (default {@code id}); records without one get {@code
 *     <file>:<line or row>} so they stay traceable
 * @param metadata document metadata key → top-level JSONL key or Parquet column, e.g. {@code path →
 *     max_stars_repo_path}, {@code language → lang} for The Stack. Keys the filters read: {@code
 *     path} (file path: its extension decides the file type), {@code language} (programming
 *     language), {@code lang} (natural language). A mapped column that no input has is a
 *     configuration error; a record without the field simply lacks that metadata.
 */
public record FieldMapping(String text, String id, @SpecKeys.NotInYaml Map<String, String> metadata)
        implements java.io.Serializable {
    public static final FieldMapping DEFAULT = new FieldMapping("text", "id", Map.of());

    public FieldMapping(String text, String id) {
        this(text, id, Map.of());
    }

    public FieldMapping {
        InvalidValueException.check(
                text != null && !text.isBlank(), "text", "the text field name must not be empty");
        InvalidValueException.check(
                id != null && !id.isBlank(), "id", "the id field name must not be empty");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        metadata.forEach(
                (key, field) -> {
                    InvalidValueException.check(
                            field != null && !field.isBlank(),
                            key,
                            "the field name mapped to metadata '" + key + "' must not be empty");
                    InvalidValueException.check(
                            !field.equals(text),
                            key,
                            "'" + field + "' is the text field; map metadata to another field");
                });
    }

    /** Every input field this mapping reads: text, id, then the metadata fields. */
    public java.util.List<String> inputFields() {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add(text);
        all.add(id);
        metadata.values().stream().filter(f -> !all.contains(f)).forEach(all::add);
        return all;
    }
}
