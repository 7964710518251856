package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
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
    // Set when this fn's work runs inside another's element (see countInto).
    private transient CountingFn<?, ?> owner;
    // The last text measured: a stage that keeps a document unchanged measures the same text twice.
    private transient String measuredText;
    private transient long measuredBytes;

    final void count(String key, long n) {
        if (owner != null) {
            owner.count(key, n);
            return;
        }
        if (counts == null) counts = new HashMap<>();
        counts.merge(key, n, Long::sum);
    }

    /**
     * Makes this fn's counts {@code owner}'s, for a fn whose work {@code owner} calls on its own
     * elements instead of running it as a step of its own.
     */
    final void countInto(CountingFn<?, ?> owner) {
        this.owner = owner;
    }

    /** Counts one document and its UTF-8 bytes under {@code key}. */
    final void countDocument(String key, Document doc) {
        countDocument(key, bytesOf(doc));
    }

    /** Counts one document of {@code bytes} UTF-8 bytes under {@code key}. */
    final void countDocument(String key, long bytes) {
        count(Ledger.docs(key), 1);
        count(Ledger.bytes(key), bytes);
    }

    private long bytesOf(Document doc) {
        if (doc.text() != measuredText) {
            measuredText = doc.text();
            measuredBytes = StageFn.utf8Bytes(measuredText);
        }
        return measuredBytes;
    }

    @FinishBundle
    public void emitCounts(FinishBundleContext c) {
        flushAtBundleEnd(c);
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

    /**
     * Emits what a subclass buffers across elements. Beam allows one {@code @FinishBundle} method
     * per fn, and it is {@link #emitCounts}.
     */
    void flushAtBundleEnd(FinishBundleContext c) {}
}
