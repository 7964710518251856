package dev.mixlab.filters.decontaminate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document against the n-grams of every evaluation set and says what to do with it: keep
 * it, drop it ({@code decontaminate.<set>}, the first set in spec order that it overlaps), or, in
 * redact mode, keep what the {@link Janitor} leaves of it. The document is tokenized once whatever
 * the number of sets.
 */
public record Decontaminator(
        NgramUnit unit, int ngram, Mode mode, Janitor janitor, Map<String, NgramMembership> sets)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String REASON_PREFIX = "decontaminate.";

    /** What happens to a document that overlaps an evaluation set. */
    public enum Mode {
        DROP,
        REDACT;

        public static final List<String> NAMES = List.of("drop", "redact");

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode of(String name) {
            if (!NAMES.contains(name))
                throw new IllegalArgumentException(
                        "unknown decontamination mode '" + name + "'; use one of " + NAMES);
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** {@code sets}: each evaluation set's n-grams by name, in spec order. */
    public Decontaminator {
        sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }

    /**
     * The distinct n-grams of {@code text} that any set holds, sorted: what the counting pass
     * reports per document to find the {@link FrequentNgrams} of a pool.
     */
    public long[] matchedNgrams(String text) {
        NgramUnit.Tokens tokens = unit.tokens(text);
        long[] matched = new long[8];
        int count = 0;
        for (int i = 0; i + ngram <= tokens.size(); i++) {
            long hash = tokens.ngram(i, ngram);
            for (NgramMembership set : sets.values()) {
                if (set.contains(hash)) {
                    if (count == matched.length) matched = Arrays.copyOf(matched, count * 2);
                    matched[count++] = hash;
                    break;
                }
            }
        }
        return Arrays.stream(matched, 0, count).sorted().distinct().toArray();
    }

    /**
     * The verdict on one document.
     *
     * @param text the text to keep (the input, or its redaction), or null when dropped
     * @param reason the drop reason, or null
     * @param perSet for every set it overlaps: the distinct matched n-grams, spans and characters
     *     that set alone removes
     */
    public record Outcome(String text, String reason, Map<String, SetOverlap> perSet) {
        public boolean dropped() {
            return text == null;
        }

        public boolean touched() {
            return !perSet.isEmpty();
        }
    }

    /**
     * One set's overlap with a document.
     *
     * @param ngrams the distinct matched n-gram hashes (to find the items they came from)
     * @param spans matched n-grams, counted with repeats
     * @param removedChars characters removed for this set alone (redact mode; the whole document in
     *     drop mode)
     */
    public record SetOverlap(long[] ngrams, int spans, long removedChars) {}

    public Outcome check(String text) {
        return check(text, FrequentNgrams.NONE);
    }

    /** The verdict on one document, ignoring the pool's {@code frequent} n-grams (boilerplate). */
    public Outcome check(String text, FrequentNgrams frequent) {
        NgramUnit.Tokens tokens = unit.tokens(text);
        Map<String, List<OverlapScan.Match>> matchesBySet = new LinkedHashMap<>();
        for (int i = 0; i + ngram <= tokens.size(); i++) {
            long hash = tokens.ngram(i, ngram);
            for (Map.Entry<String, NgramMembership> set : sets.entrySet()) {
                if (set.getValue().contains(hash) && !frequent.contains(hash)) {
                    matchesBySet
                            .computeIfAbsent(set.getKey(), s -> new ArrayList<>())
                            .add(
                                    new OverlapScan.Match(
                                            hash, tokens.start(i), tokens.end(i + ngram - 1)));
                }
            }
        }
        if (matchesBySet.isEmpty()) return new Outcome(text, null, Map.of());
        Map<String, SetOverlap> perSet = new LinkedHashMap<>();
        List<OverlapScan.Match> all = new ArrayList<>();
        for (Map.Entry<String, List<OverlapScan.Match>> set : matchesBySet.entrySet()) {
            List<OverlapScan.Match> matches = set.getValue();
            all.addAll(matches);
            long removed =
                    mode == Mode.DROP
                            ? text.length()
                            : janitor.redact(text, matches).removedChars();
            perSet.put(set.getKey(), new SetOverlap(distinct(matches), matches.size(), removed));
        }
        String reason = REASON_PREFIX + matchesBySet.keySet().iterator().next();
        if (mode == Mode.DROP) return new Outcome(null, reason, perSet);
        all.sort(Comparator.comparingInt(OverlapScan.Match::start));
        Janitor.Redaction redaction = janitor.redact(text, all);
        return new Outcome(redaction.text(), redaction.dropped() ? reason : null, perSet);
    }

    private static long[] distinct(List<OverlapScan.Match> matches) {
        Set<Long> seen = new LinkedHashSet<>();
        for (OverlapScan.Match match : matches) seen.add(match.ngram());
        return seen.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
