package dev.mixlab.pipelines.curate;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * A stage that reports ledger counts. Counts are summed per bundle and emitted when the bundle
 * finishes: one element per key and bundle instead of several per document, which made the ledger
 * the largest stream of the job (the sums are the same, since the ledger is summed per key anyway).
 */
abstract class CountingFn<I, O> extends DoFn<I, O> {
    private transient Map<String, Long> counts;

    final void count(String key, long n) {
        if (counts == null) counts = new HashMap<>();
        counts.merge(key, n, Long::sum);
    }

    @FinishBundle
    public void emitCounts(FinishBundleContext c) {
        if (counts == null) return;
        // Curation runs in the global window only: every source is bounded and read whole.
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            c.output(
                    CurationTags.LEDGER,
                    KV.of(entry.getKey(), entry.getValue()),
                    GlobalWindow.TIMESTAMP_MIN_VALUE,
                    GlobalWindow.INSTANCE);
        }
        counts.clear();
    }
}
