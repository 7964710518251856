package dev.mixlab.pipelines.curate;

import dev.mixlab.mixtures.pool.PoolRecord.Split;
import dev.mixlab.mixtures.pool.PoolStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ledger as the sections of {@link CurationStats} and as the table printed after curation. */
final class CurationSummary {

    private CurationSummary() {}

    /** Each stage that saw documents, in pipeline order. */
    static List<CurationStats.StageCount> stages(Map<String, Long> ledger) {
        List<CurationStats.StageCount> stages = new ArrayList<>();
        for (Ledger.Stage stage : Ledger.Stage.values()) {
            String in = stage.in();
            String out = stage.out();
            if (!ledger.containsKey(Ledger.docs(in)) && !ledger.containsKey(Ledger.docs(out)))
                continue;
            stages.add(
                    new CurationStats.StageCount(
                            stage.ledgerName(),
                            ledger.getOrDefault(Ledger.docs(in), 0L),
                            ledger.getOrDefault(Ledger.bytes(in), 0L),
                            ledger.getOrDefault(Ledger.docs(out), 0L),
                            ledger.getOrDefault(Ledger.bytes(out), 0L)));
        }
        return stages;
    }

    /** Per catalog step: documents in, out, and the share kept. */
    static Map<String, CurationStats.StepCount> steps(Map<String, Long> ledger) {
        Map<String, CurationStats.StepCount> steps = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : ledger.entrySet()) {
            String name = Ledger.stepOfStepIn(e.getKey());
            if (name == null) continue;
            long in = e.getValue();
            long out = ledger.getOrDefault(Ledger.stepOut(name), 0L);
            steps.put(
                    name,
                    new CurationStats.StepCount(in, out, in == 0 ? 1.0 : round((double) out / in)));
        }
        return steps;
    }

    /** Document counts under a prefix (e.g. dropped reasons), by the rest of the key. */
    static Map<String, Long> documentsUnder(Map<String, Long> ledger, String prefix) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ledger.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix) && k.endsWith(Ledger.DOCS))
                        counts.put(
                                k.substring(prefix.length(), k.length() - Ledger.DOCS.length()), v);
                });
        return counts;
    }

    /** Counters reported by mappers (PII redactions, languages), by name. */
    static Map<String, Long> counters(Map<String, Long> ledger) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ledger.forEach(
                (k, v) -> {
                    if (k.startsWith(Ledger.COUNTER))
                        counts.put(k.substring(Ledger.COUNTER.length()), v);
                });
        return counts;
    }

    /**
     * Kept documents and tokens per language and split, the language with most training tokens
     * first (ties by name).
     */
    static Map<String, CurationStats.LanguageCount> languages(Map<String, Long> ledger) {
        Map<String, long[]> counts = new java.util.TreeMap<>();
        ledger.forEach(
                (key, n) -> {
                    if (!key.startsWith(Ledger.LANGUAGE)) return;
                    String rest = key.substring(Ledger.LANGUAGE.length());
                    boolean train = rest.startsWith(Split.TRAIN.label() + ":");
                    String unitAndLanguage = rest.substring(rest.indexOf(':') + 1);
                    boolean tokens = unitAndLanguage.endsWith(Ledger.TOKENS);
                    String language =
                            unitAndLanguage.substring(
                                    0,
                                    unitAndLanguage.length()
                                            - (tokens ? Ledger.TOKENS : Ledger.DOCS).length());
                    counts.computeIfAbsent(language, l -> new long[4])[
                                    (train ? 0 : 2) + (tokens ? 1 : 0)] +=
                            n;
                });
        Map<String, CurationStats.LanguageCount> ordered = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(
                        java.util.Comparator.comparingLong(
                                        (Map.Entry<String, long[]> e) -> -e.getValue()[1])
                                .thenComparing(Map.Entry::getKey))
                .forEach(
                        e ->
                                ordered.put(
                                        e.getKey(),
                                        new CurationStats.LanguageCount(
                                                e.getValue()[0],
                                                e.getValue()[1],
                                                e.getValue()[2],
                                                e.getValue()[3])));
        return ordered;
    }

    static String table(CurationStats curation, PoolStats stats, double seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s: %.1f s%n", curation.source(), seconds));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  %-12s %10s %10s %10s %10s%n",
                        "stage",
                        "docs in",
                        "docs out",
                        "MB in",
                        "MB out"));
        for (CurationStats.StageCount stage : curation.stages()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-12s %,10d %,10d %10.2f %10.2f%n",
                            stage.stage(),
                            stage.docsIn(),
                            stage.docsOut(),
                            stage.bytesIn() / 1e6,
                            stage.bytesOut() / 1e6));
        }
        curation.dropped()
                .forEach(
                        (reason, count) ->
                                out.append(
                                        String.format(
                                                Locale.ROOT,
                                                "    dropped     %-40s %,10d%n",
                                                reason,
                                                count)));
        curation.quarantined()
                .forEach(
                        (reason, count) ->
                                out.append(
                                        String.format(
                                                Locale.ROOT,
                                                "    quarantined %-40s %,10d%n",
                                                reason,
                                                count)));
        Conservation conservation = curation.conservation();
        out.append(
                String.format(
                        Locale.ROOT,
                        "  records %,d = kept %,d + dropped %,d + quarantined %,d%n",
                        conservation.records(),
                        conservation.kept(),
                        conservation.dropped(),
                        conservation.quarantined()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  train %,d docs / %,d tokens; validation %,d docs / %,d tokens%n",
                        stats.trainDocuments(),
                        stats.trainTokens(),
                        stats.validationDocuments(),
                        stats.validationTokens()));
        return out.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
