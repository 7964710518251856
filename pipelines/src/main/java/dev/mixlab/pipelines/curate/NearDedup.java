package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.dedup.BandKey;
import dev.mixlab.filters.dedup.LshParams;
import dev.mixlab.filters.dedup.MinHasher;
import dev.mixlab.filters.dedup.Shingling;
import dev.mixlab.filters.text.TextFeatures;
import dev.mixlab.mixtures.spec.DedupSpec;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A source's MinHash-LSH settings resolved against the filters module's defaults (word/code-token
 * 5-grams, 252 permutations in 21 bands × 12 rows): unset spec values take the default, a threshold
 * derives the banding, explicit bands × rows override it.
 */
record NearDedup(MinHasher minHasher, LshParams lsh, Shingling shingling) implements Serializable {

    static NearDedup of(DedupSpec.NearDedup spec, String kind) {
        Map<FilterParameter<?>, Object> given = new HashMap<>();
        if (spec.ngram() != null) given.put(MinHasher.SHINGLE_SIZE, spec.ngram());
        if (spec.bands() != null) given.put(MinHasher.PERMUTATIONS, spec.bands() * spec.rows());
        else if (spec.permutations() != null)
            given.put(MinHasher.PERMUTATIONS, spec.permutations());
        if (spec.threshold() != null) given.put(MinHasher.THRESHOLD, spec.threshold());
        MinHasher minHasher = new MinHasher(MinHasher.SCHEMA.of(given));
        LshParams lsh =
                spec.bands() != null ? new LshParams(spec.bands(), spec.rows()) : minHasher.lsh();
        Shingling shingling =
                switch (spec.shingle()) {
                    case "words" -> Shingling.WORDS;
                    case "code-tokens" -> Shingling.CODE_TOKENS;
                    default -> Shingling.forKind(kind);
                };
        return new NearDedup(minHasher, lsh, shingling);
    }

    /** One bucket per band: the band and the hash of its rows. */
    List<BandKey> bandKeys(Document doc) {
        return bandKeys(new TextFeatures(doc.text()));
    }

    /** {@link #bandKeys(Document)} from the features the filters already measured. */
    List<BandKey> bandKeys(TextFeatures features) {
        return lsh.bandKeys(minHasher.signature(features, shingling));
    }
}
