package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.List;

/**
 * Deduplication settings of one source.
 *
 * @param exact drop exact duplicates (same normalised text), keeping the smallest id (default true)
 * @param acrossSources other sources whose documents count as duplicates of this one's (default
 *     none)
 * @param near MinHash-LSH near-duplicate settings
 */
public record DedupSpec(boolean exact, List<String> acrossSources, NearDedup near) {
    public static final DedupSpec DEFAULT = new DedupSpec(true, List.of(), NearDedup.DEFAULT);

    public DedupSpec {
        acrossSources = List.copyOf(acrossSources);
    }

    /**
     * MinHash-LSH settings. Null numbers mean "the curation stage's documented default" so that the
     * defaults live in one place (the filters module). Either {@code threshold} or {@code
     * bands}×{@code rows} may be given, not both; with both bands and rows, their product is the
     * number of permutations.
     */
    public record NearDedup(
            boolean enabled,
            String shingle,
            Integer ngram,
            Integer permutations,
            Integer bands,
            Integer rows,
            Double threshold) {
        public static final List<String> SHINGLES = List.of("auto", "words", "code-tokens");
        public static final NearDedup DEFAULT =
                new NearDedup(true, "auto", null, null, null, null, null);

        public NearDedup {
            InvalidValueException.check(
                    SHINGLES.contains(shingle),
                    "shingle",
                    "unknown shingle '"
                            + shingle
                            + "'"
                            + Suggestions.didYouMean(shingle, SHINGLES)
                            + "; use one of "
                            + SHINGLES);
            InvalidValueException.check(
                    ngram == null || (ngram >= 1 && ngram <= 32),
                    "ngram",
                    "ngram must be between 1 and 32");
            InvalidValueException.check(
                    permutations == null || (permutations >= 1 && permutations <= 1024),
                    "permutations",
                    "permutations must be between 1 and 1024");
            InvalidValueException.check(
                    bands == null || bands >= 1, "bands", "bands must be at least 1");
            InvalidValueException.check(
                    rows == null || rows >= 1, "rows", "rows must be at least 1");
            InvalidValueException.check(
                    (bands == null) == (rows == null),
                    bands == null ? "rows" : "bands",
                    "give bands and rows together (bands × rows = permutations), or a threshold instead");
            InvalidValueException.check(
                    threshold == null || bands == null,
                    "threshold",
                    "give either a Jaccard threshold or bands × rows, not both");
            InvalidValueException.check(
                    threshold == null || (threshold > 0 && threshold < 1),
                    "threshold",
                    "threshold is a Jaccard similarity strictly between 0 and 1");
            if (bands != null && permutations != null) {
                InvalidValueException.check(
                        bands * rows == permutations,
                        "permutations",
                        "bands × rows = "
                                + (bands * rows)
                                + " but permutations = "
                                + permutations
                                + "; make them agree or drop permutations");
            }
        }
    }
}
