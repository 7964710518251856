package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.CurationStep;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.DocumentMapper;
import dev.mixlab.filters.Verdict;
import dev.mixlab.filters.text.TextFeatureFilter;
import dev.mixlab.filters.text.TextFeatures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Runs an ordered list of catalog steps on each document: a filter keeps it or drops it with its
 * reason code; a mapper rewrites it (language tagging, PII redaction) and reports counters. The
 * text filters of a document share one {@link TextFeatures}, so words and lines are measured once.
 * Each step's in and out are counted, so the report shows the share every filter keeps.
 */
final class ApplyStepsFn extends StageFn<Document> {
    private final List<CurationStep> steps;
    private final NearDedup bucketsOfKept;
    private final BucketShards shards;
    private transient BucketShards.Buffer buckets;

    /** A stage whose kept documents need no bucket keys. */
    ApplyStepsFn(Ledger.Stage stage, List<CurationStep> steps) {
        this(stage, steps, null, null);
    }

    /**
     * @param bucketsOfKept when near dedup follows, the settings whose bucket keys of every kept
     *     document go to {@link CurationTags#BUCKETS}, packed into {@code shards}; null otherwise
     */
    ApplyStepsFn(
            Ledger.Stage stage,
            List<CurationStep> steps,
            NearDedup bucketsOfKept,
            BucketShards shards) {
        super(stage);
        this.steps = List.copyOf(steps);
        this.bucketsOfKept = bucketsOfKept;
        this.shards = shards;
    }

    @Override
    public void process(ProcessContext c) {
        Kept kept = run(c.element());
        if (kept == null) return;
        if (bucketsOfKept != null) {
            String filters = StageClock.switchTo(StageClock.MINHASH);
            byte[] key = DocKeys.of(kept.doc()).getBytes(StandardCharsets.UTF_8);
            if (buckets == null) buckets = new BucketShards.Buffer(shards, BucketShards.BUFFERED);
            boolean full = buckets.addAll(bucketsOfKept.bandKeys(kept.features()), key);
            StageClock.switchTo(filters);
            if (full)
                for (Map.Entry<Integer, BucketBlock> block : buckets.drain().entrySet())
                    c.output(CurationTags.BUCKETS, KV.of(block.getKey(), block.getValue()));
        }
        keep(c, kept.doc());
    }

    @Override
    void flushAtBundleEnd(FinishBundleContext c) {
        if (buckets == null) return;
        for (Map.Entry<Integer, BucketBlock> block : buckets.drain().entrySet()) {
            c.output(
                    CurationTags.BUCKETS,
                    KV.of(block.getKey(), block.getValue()),
                    GlobalWindow.TIMESTAMP_MIN_VALUE,
                    GlobalWindow.INSTANCE);
        }
    }

    /**
     * The steps on one document, on the stage's clock, for a step that calls them itself: the
     * document they keep (possibly rewritten), or null when one drops it.
     */
    Document applyTo(Document doc) {
        Kept[] kept = new Kept[1];
        StageClock.charge(stage().ledgerName(), () -> kept[0] = run(doc));
        if (kept[0] == null) return null;
        countOut(kept[0].doc());
        return kept[0].doc();
    }

    private record Kept(Document doc, TextFeatures features) {}

    /** Counts {@code doc} in and runs every step; null when one drops it. */
    private Kept run(Document doc) {
        countIn(doc);
        TextFeatures features = new TextFeatures(doc.text());
        for (CurationStep step : steps) {
            count(Ledger.stepIn(step.name()), 1);
            if (step instanceof TextFeatureFilter filter) {
                Verdict verdict = filter.apply(doc, features);
                if (verdict instanceof Verdict.Drop dropped) {
                    drop(doc, dropped.reason());
                    return null;
                }
            } else if (step instanceof DocumentFilter filter) {
                Verdict verdict = filter.apply(doc);
                if (verdict instanceof Verdict.Drop dropped) {
                    drop(doc, dropped.reason());
                    return null;
                }
            } else if (step instanceof DocumentMapper mapper) {
                DocumentMapper.Mapped mapped = mapper.apply(doc);
                for (Map.Entry<String, Integer> counter : mapped.counts().entrySet()) {
                    count(Ledger.counter(counter.getKey()), counter.getValue());
                }
                // A rewritten text (PII redaction) is measured afresh.
                if (!mapped.document().text().equals(doc.text()))
                    features = new TextFeatures(mapped.document().text());
                doc = mapped.document();
            }
            count(Ledger.stepOut(step.name()), 1);
        }
        return new Kept(doc, features);
    }
}
