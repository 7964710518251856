package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's keys as the stages write them and as stats.json and the summary read them. */
class LedgerTest {

    @Test
    void stagesHaveOneLedgerNameAndOneBeamStepEach() {
        assertThat(Arrays.stream(Ledger.Stage.values()).map(Ledger.Stage::ledgerName))
                .containsExactly(
                        "read", "normalise", "exact_dedup", "filters", "near_dedup", "pii");
        assertThat(Arrays.stream(Ledger.Stage.values()).map(Ledger.Stage::stepName))
                .containsExactly(
                        "ReadDocuments",
                        "Normalise",
                        "DropExactDuplicates",
                        "ApplyFilters",
                        "DropNearDuplicates",
                        "RedactPii");
        assertThat(Ledger.Stage.FILTERS.in()).isEqualTo("stage:filters:in");
        assertThat(Ledger.docs(Ledger.split(PoolRecord.Split.VALIDATION)))
                .isEqualTo("split:validation#docs");
    }

    @Test
    void summaryReadsWhatTheStagesWrite() {
        Map<String, Long> ledger = new LinkedHashMap<>();
        ledger.put(Ledger.docs(Ledger.Stage.FILTERS.in()), 10L);
        ledger.put(Ledger.bytes(Ledger.Stage.FILTERS.in()), 1000L);
        ledger.put(Ledger.docs(Ledger.Stage.FILTERS.out()), 7L);
        ledger.put(Ledger.bytes(Ledger.Stage.FILTERS.out()), 600L);
        ledger.put(Ledger.stepIn("c4"), 10L);
        ledger.put(Ledger.stepOut("c4"), 8L);
        ledger.put(Ledger.stepIn("fineweb"), 8L);
        ledger.put(Ledger.stepOut("fineweb"), 7L);
        ledger.put(Ledger.docs(Ledger.DROPPED + "c4.too_few_sentences"), 2L);
        ledger.put(Ledger.bytes(Ledger.DROPPED + "c4.too_few_sentences"), 300L);
        ledger.put(Ledger.counter("pii.email"), 3L);

        assertThat(CurationSummary.stagesJson(ledger).toString())
                .isEqualTo(
                        "[{\"stage\":\"filters\",\"docs_in\":10,\"bytes_in\":1000,\"docs_out\":7,\"bytes_out\":600}]");
        assertThat(CurationSummary.stepsJson(ledger).toString())
                .isEqualTo(
                        "{\"c4\":{\"docs_in\":10,\"docs_out\":8,\"kept_share\":0.8},"
                                + "\"fineweb\":{\"docs_in\":8,\"docs_out\":7,\"kept_share\":0.875}}");
        assertThat(CurationSummary.documentsUnder(ledger, Ledger.DROPPED).toString())
                .isEqualTo("{\"c4.too_few_sentences\":2}");
        assertThat(CurationSummary.counters(ledger).toString()).isEqualTo("{\"pii.email\":3}");
        assertThat(Ledger.stepOfStepIn(Ledger.stepOut("c4"))).isNull();
    }
}
