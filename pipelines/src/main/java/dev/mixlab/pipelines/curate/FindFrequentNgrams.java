package dev.mixlab.pipelines.curate;

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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The counting half of decontamination: from the distinct evaluation n-grams of every document that
 * contains any (one element per document and n-gram), the number of documents per n-gram, and out
 * of those one {@link FrequentNgrams} value (empty when none) holding the n-grams above the
 * cut-off, which the check then ignores. Only n-grams that match a set are counted, so there are at
 * most as many counts as evaluation n-grams.
 */
final class FindFrequentNgrams extends PTransform<PCollection<Long>, PCollection<FrequentNgrams>> {
    private final long maxDocumentFrequency;

    FindFrequentNgrams(long maxDocumentFrequency) {
        this.maxDocumentFrequency = maxDocumentFrequency;
    }

    @Override
    public PCollection<FrequentNgrams> expand(PCollection<Long> ngramsPerDocument) {
        return ngramsPerDocument
                .apply("DocumentsPerNgram", Count.perElement())
                .apply("AboveCutoff", Combine.globally(new AboveCutoffFn(maxDocumentFrequency)))
                .setCoder(SerializableCoder.of(FrequentNgrams.class));
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
