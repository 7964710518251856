package dev.mixlab.mixtures.spec;

/**
 * Which record fields hold the document text and its id (JSONL and Parquet inputs). For source
 * directories and archives the text is the file content and the id its path.
 *
 * @param text field with the document text (default {@code text}; The Stack uses {@code content})
 * @param id field with a stable document id (default {@code id}); records without one get {@code
 *     <file>:<line or row>} so they stay traceable
 */
public record FieldMapping(String text, String id) implements java.io.Serializable {
    public static final FieldMapping DEFAULT = new FieldMapping("text", "id");

    public FieldMapping {
        InvalidValueException.check(
                text != null && !text.isBlank(), "text", "the text field name must not be empty");
        InvalidValueException.check(
                id != null && !id.isBlank(), "id", "the id field name must not be empty");
    }
}
