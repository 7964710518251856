package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.dedup.BandKey;
import dev.mixlab.filters.dedup.LshParams;
import dev.mixlab.filters.dedup.MinHasher;
import dev.mixlab.filters.dedup.Shingling;
import dev.mixlab.mixtures.spec.DedupSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's MinHash-LSH settings resolved against the filters module's defaults (word/code-token
 * 5-grams, 252 permutations in 21 bands × 12 rows): unset spec values take the default, a threshold
 * derives the banding, explicit bands × rows override it.
 */
record NearDedup(MinHasher minHasher, LshParams lsh, Shingling shingling) implements Serializable {

    static NearDedup of(DedupSpec.NearDedup spec, String kind) {
        MinHasher.Settings d = MinHasher.Settings.DEFAULTS;
        int permutations =
                spec.bands() != null
                        ? spec.bands() * spec.rows()
                        : spec.permutations() != null ? spec.permutations() : d.permutations();
        double threshold = spec.threshold() != null ? spec.threshold() : d.threshold();
        MinHasher minHasher =
                new MinHasher(
                        new MinHasher.Settings(
                                spec.ngram() != null ? spec.ngram() : d.shingleSize(),
                                permutations,
                                threshold,
                                d.seed()));
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

    /** One bucket key per band: {@code <band>:<hash of the band's rows>}. */
    List<String> bandKeys(Document doc) {
        long[] signature = minHasher.signature(doc.text(), shingling);
        List<String> keys = new ArrayList<>(lsh.bands());
        for (BandKey key : lsh.bandKeys(signature))
            keys.add(key.band() + ":" + Long.toHexString(key.rowsHash()));
        return keys;
    }
}
