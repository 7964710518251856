package dev.mixlab.eval.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.eval.SampleScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanItemScoresTest {
    private static final Subject A = new Subject("a", null, "a", 0.0, true);
    private static final Subject B = new Subject("b", null, "b", 1.0, true);

    @Test
    void scoresTheCleanItemsOnlyAndMarksTasksWithOverlap() {
        List<SampleScore> samples = new ArrayList<>();
        // Run a is right on items 0-3 and wrong on 4-9; run b right on 4-9 only.
        for (int i = 0; i < 10; i++) {
            samples.add(new SampleScore("a", null, "probes", "acc", "none", i, i < 4 ? 1 : 0));
            samples.add(new SampleScore("b", null, "probes", "acc", "none", i, i < 4 ? 0 : 1));
            samples.add(new SampleScore("a", null, "other", "acc", "none", i, 1));
        }
        // Items 0-3 of the probes set were seen in training.
        List<CleanItemScores.Row> rows =
                CleanItemScores.of(
                        List.of(A, B),
                        samples,
                        Map.of("probes", Set.of(0L, 1L, 2L, 3L)),
                        Map.of("probes", 10L, "unscored", 5L));
        assertThat(rows).hasSize(1);
        CleanItemScores.Row row = rows.get(0);
        assertThat(row.hasOverlap()).isTrue();
        assertThat(row.metric()).isEqualTo("acc");
        assertThat(row.cells().get(A).all()).isEqualTo(0.4);
        assertThat(row.cells().get(A).clean()).isEqualTo(0.0);
        assertThat(row.cells().get(A).cleanItems()).isEqualTo(6);
        assertThat(row.cells().get(B).clean()).isEqualTo(1.0);
        String md = CleanItemScores.markdown(rows, List.of(A, B));
        assertThat(md)
                .contains("## Benchmark contamination")
                .contains("| ⚠ probes | acc | 4 of 10 | 40.0 | 0.0 (n=6) | 60.0 | 100.0 (n=6) |");
    }
}
