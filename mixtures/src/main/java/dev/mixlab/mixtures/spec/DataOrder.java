package dev.mixlab.mixtures.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows of its mixture each phase reads. A phase continues where its lineage stopped reading
 * the same mixture: the lineage is the run's earlier phases and, through {@code init_from}
 * (cooldown runs included), the phases of the run it starts from up to that phase, recursively. So
 * the data cursor travels with the checkpoint, and a continue phase and a cooldown on one mixture
 * read disjoint rows. Rows are counted in the mixture's stream order; a phase of {@code tokens}
 * tokens reads {@code ⌈tokens / seq_len⌉} rows. Positions here are not wrapped: a phase that sets
 * {@code new_epoch} and starts at or past the mixture's end reads from row {@code start mod rows}.
 */
public final class DataOrder {
    /**
     * The rows a phase reads: {@code start … start + rows − 1} of {@code mixture}.
     *
     * @param readBefore the lineage phases that read this mixture before it, as {@code run/phase
     *     rows a–b}
     */
    public record RowRange(
            String mixture, long start, long rows, boolean newEpoch, List<String> readBefore) {
        public RowRange {
            readBefore = List.copyOf(readBefore);
        }

        /** One past the last row read (unwrapped). */
        public long end() {
            return start + rows;
        }

        /** {@code a–b}, inclusive, as people count rows. */
        public String describe() {
            return start + "–" + (end() - 1);
        }
    }

    private final Map<String, Map<String, RowRange>> byRun;

    private DataOrder(Map<String, Map<String, RowRange>> byRun) {
        this.byRun = byRun;
    }

    /**
     * The row ranges of every phase of {@code runs}, which must list each run after the run it
     * starts from (as {@link AblationSpec#runs()} does). A run whose {@code init_from} names a run
     * not in the list starts every mixture at row 0.
     */
    public static DataOrder of(List<RunSpec> runs, int seqLen) {
        Map<String, Map<String, RowRange>> byRun = new LinkedHashMap<>();
        // For each run and phase: the cursor after it, mixture → (next row, lineage readers).
        Map<String, Map<String, Map<String, Cursor>>> after = new HashMap<>();
        for (RunSpec run : runs) {
            Map<String, Cursor> cursor = new HashMap<>();
            PhaseSpec.PhaseRef init = run.initFrom();
            if (init != null) {
                Map<String, Map<String, Cursor>> parent = after.get(init.run());
                if (parent != null && parent.containsKey(init.phase()))
                    cursor.putAll(parent.get(init.phase()));
            }
            Map<String, RowRange> ranges = new LinkedHashMap<>();
            Map<String, Map<String, Cursor>> cursors = new HashMap<>();
            for (PhaseSpec phase : run.phases()) {
                Cursor at = cursor.getOrDefault(phase.mixture(), Cursor.START);
                long rows = (phase.tokens() + seqLen - 1) / seqLen;
                RowRange range =
                        new RowRange(phase.mixture(), at.next, rows, phase.newEpoch(), at.readers);
                ranges.put(phase.name(), range);
                List<String> readers = new ArrayList<>(at.readers);
                readers.add(run.id() + "/" + phase.name() + " rows " + range.describe());
                cursor.put(phase.mixture(), new Cursor(range.end(), readers));
                cursors.put(phase.name(), new HashMap<>(cursor));
            }
            byRun.put(run.id(), ranges);
            after.put(run.id(), cursors);
        }
        return new DataOrder(byRun);
    }

    private record Cursor(long next, List<String> readers) {
        static final Cursor START = new Cursor(0, List.of());
    }

    /** The rows phase {@code phase} of run {@code runId} reads. */
    public RowRange range(String runId, String phase) {
        Map<String, RowRange> run = byRun.get(runId);
        if (run == null || !run.containsKey(phase))
            throw new IllegalArgumentException("no phase " + runId + "/" + phase);
        return run.get(phase);
    }
}
