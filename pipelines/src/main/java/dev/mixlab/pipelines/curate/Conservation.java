package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** The check that nothing was lost: records read = kept + Σ dropped + Σ quarantined. */
@JsonPropertyOrder({"records_in", "kept", "dropped", "quarantined", "holds"})
record Conservation(
        @JsonProperty("records_in") long records, long kept, long dropped, long quarantined) {
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

    @JsonProperty("holds")
    boolean holds() {
        return records == kept + dropped + quarantined;
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
