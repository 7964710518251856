package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;

/** Where a reader puts what it finds; every record read ends in exactly one of the three. */
public interface ReadSink {
    void document(Document document);

    void quarantine(Quarantined record);

    /**
     * A record that is not a document by design (e.g. a {@code .class} file in a jar); counted as
     * dropped.
     */
    void skip(String location, String reason);
}
