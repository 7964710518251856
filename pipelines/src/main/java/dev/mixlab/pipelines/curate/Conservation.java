package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The check that nothing was lost: records read = kept + Σ dropped + Σ quarantined. */
record Conservation(long records, long kept, long dropped, long quarantined) {
    static Conservation of(Map<String, Long> ledger) {
        return new Conservation(
                ledger.getOrDefault(Ledger.docs(Ledger.RECORDS), 0L),
                ledger.getOrDefault(Ledger.docs(Ledger.KEPT), 0L),
                sum(ledger, Ledger.DROPPED),
                sum(ledger, Ledger.QUARANTINED));
    }

    private static long sum(Map<String, Long> ledger, String prefix) {
        return ledger.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith(Ledger.DOCS))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    boolean holds() {
        return records == kept + dropped + quarantined;
    }

    ObjectNode toJson() {
        return JsonNodeFactory.instance
                .objectNode()
                .put("records_in", records)
                .put("kept", kept)
                .put("dropped", dropped)
                .put("quarantined", quarantined)
                .put("holds", holds());
    }

    @Override
    public String toString() {
        return records
                + " records in, "
                + kept
                + " kept + "
                + dropped
                + " dropped + "
                + quarantined
                + " quarantined";
    }
}
