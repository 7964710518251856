package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.filters.decontaminate.FrequentNgrams;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The counting pass of decontamination: for every evaluation n-gram that some document contains,
 * the number of distinct documents that contain it, and out of those one {@link FrequentNgrams}
 * value (empty when none) holding the n-grams above the cut-off, which the checking pass then
 * ignores. Only n-grams that match a set are counted, so the counts are as many as the evaluation
 * n-grams at most.
 */
final class FindFrequentNgrams
        extends PTransform<PCollection<Document>, PCollection<FrequentNgrams>> {
    private final PCollectionView<Decontaminator> evalNgrams;
    private final long maxDocumentFrequency;

    FindFrequentNgrams(PCollectionView<Decontaminator> evalNgrams, long maxDocumentFrequency) {
        this.evalNgrams = evalNgrams;
        this.maxDocumentFrequency = maxDocumentFrequency;
    }

    @Override
    public PCollection<FrequentNgrams> expand(PCollection<Document> docs) {
        return docs.apply(
                        "MatchedNgrams",
                        ParDo.of(new MatchedNgramsFn(evalNgrams)).withSideInputs(evalNgrams))
                .setCoder(VarLongCoder.of())
                .apply("DocumentsPerNgram", Count.perElement())
                .apply("AboveCutoff", Combine.globally(new AboveCutoffFn(maxDocumentFrequency)))
                .setCoder(SerializableCoder.of(FrequentNgrams.class));
    }

    /** Each distinct matched n-gram of a document, once. */
    private static final class MatchedNgramsFn extends DoFn<Document, Long> {
        private final PCollectionView<Decontaminator> evalNgrams;

        MatchedNgramsFn(PCollectionView<Decontaminator> evalNgrams) {
            this.evalNgrams = evalNgrams;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            for (long ngram : c.sideInput(evalNgrams).matchedNgrams(c.element().text()))
                c.output(ngram);
        }
    }

    private static final class AboveCutoffFn
            extends Combine.CombineFn<KV<Long, Long>, Map<Long, Long>, FrequentNgrams> {
        private final long maxDocumentFrequency;

        AboveCutoffFn(long maxDocumentFrequency) {
            this.maxDocumentFrequency = maxDocumentFrequency;
        }

        @Override
        public Map<Long, Long> createAccumulator() {
            return new HashMap<>();
        }

        @Override
        public Map<Long, Long> addInput(Map<Long, Long> counts, KV<Long, Long> ngram) {
            if (ngram.getValue() > maxDocumentFrequency)
                counts.put(ngram.getKey(), ngram.getValue());
            return counts;
        }

        @Override
        public Map<Long, Long> mergeAccumulators(Iterable<Map<Long, Long>> accumulators) {
            Map<Long, Long> merged = new HashMap<>();
            for (Map<Long, Long> counts : accumulators) merged.putAll(counts);
            return merged;
        }

        @Override
        public FrequentNgrams extractOutput(Map<Long, Long> counts) {
            return FrequentNgrams.above(counts, maxDocumentFrequency);
        }

        @Override
        public Coder<Map<Long, Long>> getAccumulatorCoder(
                CoderRegistry registry, Coder<KV<Long, Long>> input) {
            return MapCoder.of(VarLongCoder.of(), VarLongCoder.of());
        }
    }
}
