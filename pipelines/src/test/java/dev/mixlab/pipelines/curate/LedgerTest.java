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
                        "read",
                        "normalise",
                        "exact_dedup",
                        "decontaminate",
                        "filters",
                        "near_dedup",
                        "pii");
        assertThat(Arrays.stream(Ledger.Stage.values()).map(Ledger.Stage::stepName))
                .containsExactly(
                        "ReadDocuments",
                        "Normalise",
                        "DropExactDuplicates",
                        "Decontaminate",
                        "ApplyFilters",
                        "MarkNearDuplicates",
                        "WriteParts");
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

        assertThat(CurationSummary.stages(ledger))
                .containsExactly(new CurationStats.StageCount("filters", 10, 1000, 7, 600));
        assertThat(CurationSummary.steps(ledger))
                .containsExactly(
                        Map.entry("c4", new CurationStats.StepCount(10, 8, 0.8)),
                        Map.entry("fineweb", new CurationStats.StepCount(8, 7, 0.875)));
        assertThat(CurationSummary.documentsUnder(ledger, Ledger.DROPPED))
                .containsExactly(Map.entry("c4.too_few_sentences", 2L));
        assertThat(CurationSummary.counters(ledger)).containsExactly(Map.entry("pii.email", 3L));
        assertThat(Ledger.stepOfStepIn(Ledger.stepOut("c4"))).isNull();
    }
}
