package dev.mixlab.filters.decontaminate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluation n-grams that more than {@code max_document_frequency} training documents of a pool
 * contain: licence headers, import blocks, parliamentary formulas. A benchmark item does not leak
 * into hundreds of documents, boilerplate does, so these n-grams are ignored when documents are
 * checked (GPT-3 ignores 13-grams that match more than 10 training documents; NeMo Curator's task
 * decontamination skips n-grams found more than {@code max_matches} = 10 times). Held sorted: the
 * lookup happens only for n-grams that already matched a set, so a binary search costs nothing.
 */
public final class FrequentNgrams implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final FrequentNgrams NONE = new FrequentNgrams(new long[0], new long[0]);

    private final long[] ngrams;
    private final long[] documents;

    private FrequentNgrams(long[] ngrams, long[] documents) {
        this.ngrams = ngrams;
        this.documents = documents;
    }

    /** The n-grams of {@code documentsByNgram} found in more than {@code cutoff} documents. */
    public static FrequentNgrams above(Map<Long, Long> documentsByNgram, long cutoff) {
        TreeMap<Long, Long> frequent = new TreeMap<>();
        documentsByNgram.forEach(
                (ngram, docs) -> {
                    if (docs > cutoff) frequent.put(ngram, docs);
                });
        long[] ngrams = new long[frequent.size()];
        long[] documents = new long[frequent.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : frequent.entrySet()) {
            ngrams[i] = e.getKey();
            documents[i++] = e.getValue();
        }
        return new FrequentNgrams(ngrams, documents);
    }

    public boolean contains(long ngram) {
        return Arrays.binarySearch(ngrams, ngram) >= 0;
    }

    /** How many documents contain {@code ngram}, or 0 when it is not frequent. */
    public long documents(long ngram) {
        int at = Arrays.binarySearch(ngrams, ngram);
        return at >= 0 ? documents[at] : 0;
    }

    public int size() {
        return ngrams.length;
    }

    /** The frequent n-grams with their document counts, in hash order. */
    public Map<Long, Long> asMap() {
        Map<Long, Long> map = new TreeMap<>();
        for (int i = 0; i < ngrams.length; i++) map.put(ngrams[i], documents[i]);
        return map;
    }
}
