package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.filters.decontaminate.EvalSetFormat;
import dev.mixlab.filters.decontaminate.NgramUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code decontamination:} section: evaluation sets whose n-grams must not be trained on, and
 * how curation treats a document that contains one (docs/CURATION.md#decontamination).
 *
 * @param ngram n-gram size (default 13: GPT-3 and lm-eval-harness's janitor)
 * @param ngrams the n-gram size of particular sources, overriding {@code ngram}
 * @param unit what an n-gram counts: {@code auto} (code tokens for {@code kind: code}, words
 *     otherwise), {@code words} or {@code code-tokens}
 * @param units the unit of particular sources, overriding {@code unit}
 * @param mode {@code drop} the document, or {@code redact} the matched spans (GPT-3 janitor)
 * @param sources the sources it applies to (empty: all)
 * @param bloomAbove above this many distinct evaluation n-grams per unit, a Bloom filter holds them
 *     instead of an exact set
 * @param bloomFpr the Bloom filter's false-positive rate per lookup
 * @param maxDocumentFrequency an evaluation n-gram that more than this many documents of a pool
 *     contain is boilerplate and ignored (0: none is ignored)
 * @param sets the evaluation sets, in order (a document overlapping several is dropped under the
 *     first)
 */
public record DecontaminationSpec(
        int ngram,
        Map<String, Integer> ngrams,
        String unit,
        Map<String, String> units,
        String mode,
        List<String> sources,
        long bloomAbove,
        double bloomFpr,
        long maxDocumentFrequency,
        List<EvalSet> sets) {
    public static final int DEFAULT_NGRAM = 13;
    public static final String DEFAULT_MODE = "drop";

    /** 4 million n-grams: 64 MB as an exact set (16 bytes each), which every worker holds once. */
    public static final long DEFAULT_BLOOM_ABOVE = 4_000_000;

    /**
     * 1e-8 per lookup: a document of 10,000 words makes 10,000 lookups, so about 1 in 10,000 such
     * documents is dropped by a false hit; 38 bits (4.8 bytes) per n-gram.
     */
    public static final double DEFAULT_BLOOM_FPR = 1e-8;

    /**
     * 10 documents: GPT-3's contamination study ignores 13-grams that match more than 10 training
     * documents (common phrases, legal boilerplate), and NeMo Curator's task decontamination skips
     * n-grams found more than {@code max_matches} = 10 times. A leaked benchmark item is copied
     * into a handful of documents; a licence header or an import block into hundreds.
     */
    public static final long DEFAULT_MAX_DOCUMENT_FREQUENCY = 10;

    /**
     * One evaluation set.
     *
     * @param name the set's name (drop reason {@code decontaminate.<name>}; compare matches it to
     *     task names)
     * @param format one of {@link EvalSetFormat#NAMES}
     * @param files its files, relative to the spec file
     */
    public record EvalSet(String name, String format, List<Path> files) {
        public EvalSet {
            files = List.copyOf(files);
            String problem = Names.problem(name).orElse(null);
            InvalidValueException.check(problem == null, "name", "set name " + problem);
            try {
                EvalSetFormat.of(format);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("format", e.getMessage());
            }
            InvalidValueException.check(!files.isEmpty(), "files", "an evaluation set needs files");
            for (Path file : files)
                InvalidValueException.check(
                        Files.isRegularFile(file),
                        "files",
                        "evaluation set file "
                                + file
                                + " does not exist (paths are relative to the spec file)");
        }

        public EvalSetFormat evalSetFormat() {
            return EvalSetFormat.of(format);
        }
    }

    public DecontaminationSpec {
        ngrams = Collections.unmodifiableMap(new LinkedHashMap<>(ngrams));
        units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
        sources = List.copyOf(sources);
        sets = List.copyOf(sets);
        checkNgram("ngram", ngram);
        ngrams.values().forEach(n -> checkNgram("ngrams", n));
        checkUnit("unit", unit);
        units.values().forEach(u -> checkUnit("units", u));
        InvalidValueException.check(
                Decontaminator.Mode.NAMES.contains(mode),
                "mode",
                "unknown mode '"
                        + mode
                        + "'"
                        + Suggestions.didYouMean(mode, Decontaminator.Mode.NAMES)
                        + "; use drop or redact");
        InvalidValueException.check(bloomAbove >= 0, "bloom_above", "bloom_above must be ≥ 0");
        InvalidValueException.check(
                bloomFpr > 0 && bloomFpr < 1,
                "bloom_fpr",
                "bloom_fpr is a probability strictly between 0 and 1");
        InvalidValueException.check(
                maxDocumentFrequency >= 0,
                "max_document_frequency",
                "max_document_frequency must be ≥ 0 (0 turns the cut-off off)");
        InvalidValueException.check(!sets.isEmpty(), "sets", "name at least one evaluation set");
        Set<String> names = new HashSet<>();
        for (EvalSet set : sets)
            InvalidValueException.check(
                    names.add(set.name()), "sets", "set name '" + set.name() + "' is used twice");
    }

    private static void checkNgram(String key, int ngram) {
        InvalidValueException.check(
                ngram >= 1 && ngram <= 64, key, "an n-gram size must be between 1 and 64");
    }

    private static void checkUnit(String key, String unit) {
        InvalidValueException.check(
                NgramUnit.NAMES.contains(unit),
                key,
                "unknown unit '"
                        + unit
                        + "'"
                        + Suggestions.didYouMean(unit, NgramUnit.NAMES)
                        + "; use one of "
                        + NgramUnit.NAMES);
    }

    /** Whether documents of {@code source} are checked. */
    public boolean appliesTo(String source) {
        return sources.isEmpty() || sources.contains(source);
    }

    /** The n-gram size of {@code source}. */
    public int ngramOf(String source) {
        return ngrams.getOrDefault(source, ngram);
    }

    /** The n-gram unit of {@code source}, of kind {@code kind}. */
    public NgramUnit unitOf(String source, String kind) {
        return NgramUnit.of(units.getOrDefault(source, unit), kind);
    }

    public Decontaminator.Mode decontaminationMode() {
        return Decontaminator.Mode.of(mode);
    }
}
