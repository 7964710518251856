package dev.mixlab.filters;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites a document and reports what it changed as counters (e.g. {@code pii.email -> 2}).
 * Implementations are stateless apart from their settings and safe to call from several threads.
 */
public non-sealed interface DocumentMapper extends CurationStep {

    Mapped apply(Document doc);

    /**
     * @param document the rewritten document (the same instance when nothing changed)
     * @param counts counter name to how many times it happened in this document; only non-zero
     *     entries
     */
    record Mapped(Document document, Map<String, Integer> counts) implements Serializable {
        public Mapped {
            Objects.requireNonNull(document, "document");
            counts = Map.copyOf(counts);
        }
    }
}
