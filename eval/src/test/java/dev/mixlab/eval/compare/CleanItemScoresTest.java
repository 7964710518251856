package dev.mixlab.eval.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.eval.SampleScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class CleanItemScoresTest {
    public static final Subject A = new Subject("a", null, "a", 0.0, true);
    public static final Subject B = new Subject("b", null, "b", 1.0, true);

    /** Items 0-3 of the probes set were seen in training; the "unscored" set has no task. */
    public static final BenchmarkOverlap OVERLAP =
            new BenchmarkOverlap(
                    Map.of("probes", Set.of(0L, 1L, 2L, 3L)),
                    Map.of("probes", 10L, "unscored", 5L));

    /** Run a is right on items 0-3 and wrong on 4-9; run b right on 4-9 only. */
    public static List<SampleScore> samples() {
        List<SampleScore> samples = new ArrayList<>();
        // Run a is right on items 0-3 and wrong on 4-9; run b right on 4-9 only.
        for (int i = 0; i < 10; i++) {
            samples.add(new SampleScore("a", null, "probes", "acc", "none", i, i < 4 ? 1 : 0));
            samples.add(new SampleScore("b", null, "probes", "acc", "none", i, i < 4 ? 0 : 1));
            samples.add(new SampleScore("a", null, "other", "acc", "none", i, 1));
        }
        return samples;
    }

    @Test
    void scoresTheCleanItemsOnlyAndMarksTasksWithOverlap() {
        List<CleanItemScores.Row> rows = CleanItemScores.of(List.of(A, B), samples(), OVERLAP);
        assertThat(rows).hasSize(1);
        CleanItemScores.Row row = rows.get(0);
        assertThat(row.hasOverlap()).isTrue();
        assertThat(row.metric()).isEqualTo("acc");
        assertThat(row.cells().get(A).all()).isEqualTo(0.4);
        assertThat(row.cells().get(A).clean()).isEqualTo(0.0);
        assertThat(row.cells().get(A).cleanItems()).isEqualTo(6);
        assertThat(row.cells().get(B).clean()).isEqualTo(1.0);
    }
}
