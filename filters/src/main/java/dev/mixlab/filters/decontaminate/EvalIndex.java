package dev.mixlab.filters.decontaminate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation sets of one source, read and cut into n-grams of the source's unit: the {@link
 * Decontaminator} that workers receive, and what is needed afterwards to turn the n-grams a
 * document matched back into the items they came from (the reverse index).
 */
public final class EvalIndex {
    /** A set as the spec names it. */
    public record SetSource(String name, EvalSetFormat format, List<Path> files) {}

    /**
     * What one set holds, as stats.json reports it.
     *
     * @param items items read
     * @param tooShort items with fewer tokens than n (never matched)
     * @param ngrams distinct n-grams
     * @param membership {@code exact} or {@code bloom}
     * @param memoryBytes bytes of the set's n-grams in a worker's memory
     * @param falsePositiveRate per lookup (0 for the exact set)
     */
    public record SetSummary(
            int items,
            int tooShort,
            long ngrams,
            String membership,
            long memoryBytes,
            double falsePositiveRate) {}

    /** One document's overlap with one set, as workers report it. */
    public record Overlap(String set, long ngram, String document) {}

    /**
     * One line of the reverse index.
     *
     * @param docs distinct training documents that share at least one n-gram with the item
     */
    public record ItemContamination(String set, String item, long docId, long docs) {}

    /**
     * An evaluation n-gram ignored as boilerplate.
     *
     * @param text the n-gram as the first item that holds it spells it
     * @param documents training documents of the pool that contain it
     */
    public record IgnoredNgram(long ngram, String text, long documents) {}

    private final Map<String, EvalNgrams> sets;
    private final Decontaminator decontaminator;

    private EvalIndex(Map<String, EvalNgrams> sets, Decontaminator decontaminator) {
        this.sets = sets;
        this.decontaminator = decontaminator;
    }

    public static EvalIndex build(
            List<SetSource> sources,
            NgramUnit unit,
            int ngram,
            Decontaminator.Mode mode,
            long bloomAbove,
            double bloomFpr) {
        Map<String, EvalNgrams> sets = new LinkedHashMap<>();
        Map<String, NgramMembership> memberships = new LinkedHashMap<>();
        for (SetSource source : sources) {
            EvalNgrams ngrams =
                    EvalNgrams.of(source.format().read(source.name(), source.files()), unit, ngram);
            sets.put(source.name(), ngrams);
            memberships.put(
                    source.name(), NgramMembership.of(ngrams.allNgrams(), bloomAbove, bloomFpr));
        }
        return new EvalIndex(
                sets, new Decontaminator(unit, ngram, mode, Janitor.GPT3, memberships));
    }

    public Decontaminator decontaminator() {
        return decontaminator;
    }

    public Map<String, SetSummary> summaries() {
        Map<String, SetSummary> summaries = new LinkedHashMap<>();
        sets.forEach(
                (name, ngrams) -> {
                    NgramMembership m = decontaminator.sets().get(name);
                    summaries.put(
                            name,
                            new SetSummary(
                                    ngrams.items().size(),
                                    ngrams.tooShort(),
                                    m.size(),
                                    m.kind(),
                                    m.memoryBytes(),
                                    m.falsePositiveRate()));
                });
        return summaries;
    }

    /**
     * For every set, its distinct n-grams that are {@code frequent} in the pool, most documents
     * first (then in item order).
     */
    public Map<String, List<IgnoredNgram>> ignored(FrequentNgrams frequent) {
        Map<String, List<IgnoredNgram>> ignored = new LinkedHashMap<>();
        sets.forEach(
                (name, ngrams) -> {
                    List<IgnoredNgram> found = new ArrayList<>();
                    Set<Long> seen = new HashSet<>();
                    for (int i = 0; i < ngrams.items().size(); i++) {
                        long[] itemNgrams = ngrams.itemNgrams()[i];
                        NgramUnit.Tokens tokens = null;
                        for (int at = 0; at < itemNgrams.length; at++) {
                            long hash = itemNgrams[at];
                            if (!frequent.contains(hash) || !seen.add(hash)) continue;
                            String text = ngrams.items().get(i).text();
                            if (tokens == null) tokens = ngrams.unit().tokens(text);
                            found.add(
                                    new IgnoredNgram(
                                            hash,
                                            text.substring(
                                                    tokens.start(at),
                                                    tokens.end(at + ngrams.ngram() - 1)),
                                            frequent.documents(hash)));
                        }
                    }
                    found.sort(Comparator.comparingLong(IgnoredNgram::documents).reversed());
                    ignored.put(name, found);
                });
        return ignored;
    }

    /**
     * Every item of every set with the number of distinct documents that share an n-gram with it,
     * in set then item order. An n-gram that no item holds (a Bloom filter's false hit) counts for
     * no item.
     */
    public List<ItemContamination> reverseIndex(List<Overlap> overlaps) {
        Map<String, Map<Long, Set<String>>> docsByNgram = new HashMap<>();
        for (Overlap o : overlaps)
            docsByNgram
                    .computeIfAbsent(o.set(), s -> new HashMap<>())
                    .computeIfAbsent(o.ngram(), h -> new HashSet<>())
                    .add(o.document());
        List<ItemContamination> index = new ArrayList<>();
        sets.forEach(
                (name, ngrams) -> {
                    Map<Long, Set<String>> byNgram = docsByNgram.getOrDefault(name, Map.of());
                    for (int i = 0; i < ngrams.items().size(); i++) {
                        Set<String> docs = new HashSet<>();
                        for (long ngram : ngrams.itemNgrams()[i]) {
                            Set<String> found = byNgram.get(ngram);
                            if (found != null) docs.addAll(found);
                        }
                        EvalItem item = ngrams.items().get(i);
                        index.add(
                                new ItemContamination(name, item.id(), item.docId(), docs.size()));
                    }
                });
        return index;
    }
}
