package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.normalise.Utf8;

/** Where a reader puts what it finds; every record read ends in exactly one of the three. */
public interface ReadSink {
    void document(Document document);

    void quarantine(Quarantined record);

    /**
     * A record that is not a document by design (e.g. a {@code .class} file in a jar); counted as
     * dropped.
     */
    void skip(String location, String reason);

    /** Quarantines what {@code task} read at {@code location}, with a reason code and a detail. */
    default void quarantine(ReadTask task, String location, String reason, String detail) {
        quarantine(new Quarantined(task.source(), location, reason, detail));
    }

    /**
     * Whether a record of {@code bytes} bytes is within {@code limits}; one that is not is
     * quarantined as {@code read.document_too_large}.
     */
    default boolean withinLimits(ReadTask task, String location, long bytes, ReadLimits limits) {
        if (bytes <= limits.maxDocumentBytes()) return true;
        quarantine(
                task,
                location,
                "read.document_too_large",
                bytes + " bytes > max " + limits.maxDocumentBytes());
        return false;
    }

    /**
     * {@code length} bytes of {@code bytes} from {@code from} as text, or null once they are
     * quarantined as {@code read.invalid_utf8} (the detail says where decoding failed, then {@code
     * detailSuffix}).
     */
    default String decodeOrQuarantine(
            ReadTask task,
            String location,
            byte[] bytes,
            int from,
            int length,
            String detailSuffix) {
        try {
            return Utf8.decode(bytes, from, length);
        } catch (Utf8.InvalidUtf8 e) {
            quarantine(task, location, "read.invalid_utf8", e.getMessage() + detailSuffix);
            return null;
        }
    }
}
