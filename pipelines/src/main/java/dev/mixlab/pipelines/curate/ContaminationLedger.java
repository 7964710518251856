package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.filters.decontaminate.EvalIndex;
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
        "charsRemoved"
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
            long charsRemoved) {}

    /** The section of stats.json: settings and one entry per set. */
    @JsonPropertyOrder({"ngram", "unit", "mode", "sets"})
    record Stats(int ngram, String unit, String mode, Map<String, SetStats> sets) {}

    /** The index of {@code source}, or null when no evaluation set applies to it. */
    static EvalIndex indexFor(DecontaminationSpec spec, SourceSpec source) {
        if (spec == null || !spec.appliesTo(source.name())) return null;
        List<EvalIndex.SetSource> sets = new ArrayList<>();
        for (DecontaminationSpec.EvalSet set : spec.sets())
            sets.add(new EvalIndex.SetSource(set.name(), set.evalSetFormat(), set.files()));
        NgramUnit unit = spec.unitOf(source.name(), source.kind());
        return EvalIndex.build(
                sets,
                unit,
                spec.ngram(),
                spec.decontaminationMode(),
                spec.bloomAbove(),
                spec.bloomFpr());
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
                                                ledger.getOrDefault(counter + ".chars", 0L)));
                            });
            return new Stats(
                    spec.ngram(),
                    spec.unitOf(source.name(), source.kind()).yamlName(),
                    spec.mode(),
                    sets);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the contamination index in " + staged + ": " + e.getMessage(), e);
        }
    }
}
