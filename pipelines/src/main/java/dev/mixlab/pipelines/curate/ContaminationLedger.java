package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.filters.decontaminate.EvalIndex;
import dev.mixlab.filters.decontaminate.FrequentNgrams;
import dev.mixlab.filters.decontaminate.NgramUnit;
import dev.mixlab.mixtures.pool.PoolContamination;
import dev.mixlab.mixtures.spec.DecontaminationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decontamination side of a pool: the evaluation sets' index a source is checked against, and,
 * once the job is done, its reverse index ({@code contamination.jsonl}) and what stats.json reports
 * per set.
 */
final class ContaminationLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContaminationLedger() {}

    /**
     * What stats.json says about one set in one pool.
     *
     * @param itemsOverlapped items that share an n-gram with at least one document
     * @param docsTouched documents that share an n-gram with the set
     * @param spans matched n-grams (with repeats)
     * @param charsRemoved characters removed for this set (whole documents in drop mode)
     * @param ngramsIgnored the set's n-grams ignored as boilerplate: more than {@code
     *     max_document_frequency} documents of the pool contain them
     * @param ignoredExamples the first {@value #IGNORED_EXAMPLES} of them, most documents first
     */
    @JsonPropertyOrder({
        "items",
        "itemsTooShort",
        "itemsOverlapped",
        "ngrams",
        "membership",
        "memoryBytes",
        "falsePositiveRate",
        "docsTouched",
        "spans",
        "charsRemoved",
        "ngramsIgnored",
        "ignoredExamples"
    })
    record SetStats(
            int items,
            int itemsTooShort,
            long itemsOverlapped,
            long ngrams,
            String membership,
            long memoryBytes,
            double falsePositiveRate,
            long docsTouched,
            long spans,
            long charsRemoved,
            long ngramsIgnored,
            List<IgnoredExample> ignoredExamples) {}

    /** An ignored evaluation n-gram as an item spells it, and how many documents contain it. */
    @JsonPropertyOrder({"text", "docs"})
    record IgnoredExample(String text, long docs) {}

    static final int IGNORED_EXAMPLES = 5;

    /** The section of stats.json: settings and one entry per set. */
    @JsonPropertyOrder({"ngram", "unit", "mode", "maxDocumentFrequency", "sets"})
    record Stats(
            int ngram,
            String unit,
            String mode,
            long maxDocumentFrequency,
            Map<String, SetStats> sets) {}

    /**
     * What the index of {@code source} depends on besides the sets (its unit and n-gram size), or
     * null when no evaluation set applies to it.
     */
    static String indexKey(DecontaminationSpec spec, SourceSpec source) {
        if (spec == null || !spec.appliesTo(source.name())) return null;
        return spec.unitOf(source.name(), source.kind()).yamlName()
                + "/"
                + spec.ngramOf(source.name());
    }

    /** The index of {@code source}, or null when no evaluation set applies to it. */
    static EvalIndex indexFor(DecontaminationSpec spec, SourceSpec source) {
        if (indexKey(spec, source) == null) return null;
        List<EvalIndex.SetSource> sets = new ArrayList<>();
        for (DecontaminationSpec.EvalSet set : spec.sets())
            sets.add(new EvalIndex.SetSource(set.name(), set.evalSetFormat(), set.files()));
        NgramUnit unit = spec.unitOf(source.name(), source.kind());
        return EvalIndex.build(
                sets,
                unit,
                spec.ngramOf(source.name()),
                spec.decontaminationMode(),
                spec.bloomAbove(),
                spec.bloomFpr());
    }

    /** The frequent n-grams the counting pass wrote (the file is removed). */
    private static FrequentNgrams readFrequent(Path staged, long maxDocumentFrequency)
            throws IOException {
        Path file = staged.resolve(Decontaminate.FREQUENT_FILE);
        if (!Files.isRegularFile(file)) return FrequentNgrams.NONE;
        Map<Long, Long> docsByNgram = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode node = JSON.readTree(line);
                docsByNgram.put(node.get("ngram").asLong(), node.get("docs").asLong());
            }
        }
        Files.delete(file);
        return FrequentNgrams.above(docsByNgram, maxDocumentFrequency);
    }

    /**
     * Turns the overlaps the workers wrote into {@code contamination.jsonl} (the overlaps file is
     * removed) and returns the stats.json section.
     */
    static Stats finish(
            Path staged,
            EvalIndex index,
            DecontaminationSpec spec,
            SourceSpec source,
            Map<String, Long> ledger) {
        Path overlapsFile = staged.resolve(Decontaminate.OVERLAPS_FILE);
        List<EvalIndex.Overlap> overlaps = new ArrayList<>();
        try {
            if (Files.isRegularFile(overlapsFile)) {
                try (BufferedReader lines =
                        Files.newBufferedReader(overlapsFile, StandardCharsets.UTF_8)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        JsonNode node = JSON.readTree(line);
                        overlaps.add(
                                new EvalIndex.Overlap(
                                        node.get("set").asText(),
                                        node.get("ngram").asLong(),
                                        node.get("doc").asText()));
                    }
                }
                Files.delete(overlapsFile);
            }
            Map<String, List<EvalIndex.IgnoredNgram>> ignored =
                    index.ignored(readFrequent(staged, spec.maxDocumentFrequency()));
            List<EvalIndex.ItemContamination> items = index.reverseIndex(overlaps);
            try (Writer out =
                    Files.newBufferedWriter(
                            staged.resolve(PoolContamination.FILE_NAME), StandardCharsets.UTF_8)) {
                PoolContamination.write(out, items);
            }
            Map<String, SetStats> sets = new LinkedHashMap<>();
            index.summaries()
                    .forEach(
                            (name, s) -> {
                                String counter =
                                        Ledger.counter(Decontaminator.REASON_PREFIX + name);
                                List<EvalIndex.IgnoredNgram> setIgnored = ignored.get(name);
                                long overlapped =
                                        items.stream()
                                                .filter(i -> i.set().equals(name) && i.docs() > 0)
                                                .count();
                                sets.put(
                                        name,
                                        new SetStats(
                                                s.items(),
                                                s.tooShort(),
                                                overlapped,
                                                s.ngrams(),
                                                s.membership(),
                                                s.memoryBytes(),
                                                s.falsePositiveRate(),
                                                ledger.getOrDefault(counter + ".docs", 0L),
                                                ledger.getOrDefault(counter + ".spans", 0L),
                                                ledger.getOrDefault(counter + ".chars", 0L),
                                                setIgnored.size(),
                                                setIgnored.stream()
                                                        .limit(IGNORED_EXAMPLES)
                                                        .map(
                                                                n ->
                                                                        new IgnoredExample(
                                                                                n.text(),
                                                                                n.documents()))
                                                        .toList()));
                            });
            return new Stats(
                    spec.ngramOf(source.name()),
                    spec.unitOf(source.name(), source.kind()).yamlName(),
                    spec.mode(),
                    spec.maxDocumentFrequency(),
                    sets);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the contamination index in " + staged + ": " + e.getMessage(), e);
        }
    }
}
