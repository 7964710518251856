package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.mixtures.pool.PoolStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ledger as stats.json sections and as the table printed at the end of a curation. */
final class CurationSummary {

    private CurationSummary() {}

    static ArrayNode stagesJson(Map<String, Long> ledger) {
        ArrayNode stages = JsonNodeFactory.instance.arrayNode();
        for (Ledger.Stage stage : Ledger.Stage.values()) {
            String in = stage.in();
            String out = stage.out();
            if (!ledger.containsKey(Ledger.docs(in)) && !ledger.containsKey(Ledger.docs(out)))
                continue;
            stages.addObject()
                    .put("stage", stage.ledgerName())
                    .put("docs_in", ledger.getOrDefault(Ledger.docs(in), 0L))
                    .put("bytes_in", ledger.getOrDefault(Ledger.bytes(in), 0L))
                    .put("docs_out", ledger.getOrDefault(Ledger.docs(out), 0L))
                    .put("bytes_out", ledger.getOrDefault(Ledger.bytes(out), 0L));
        }
        return stages;
    }

    /** Per catalog step: documents in, out, and the share kept. */
    static ObjectNode stepsJson(Map<String, Long> ledger) {
        ObjectNode steps = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Long> e : ledger.entrySet()) {
            String name = Ledger.stepOfStepIn(e.getKey());
            if (name == null) continue;
            long in = e.getValue();
            long out = ledger.getOrDefault(Ledger.stepOut(name), 0L);
            steps.putObject(name)
                    .put("docs_in", in)
                    .put("docs_out", out)
                    .put("kept_share", in == 0 ? 1.0 : round((double) out / in));
        }
        return steps;
    }

    /** Document counts under a prefix (e.g. dropped reasons), by the rest of the key. */
    static ObjectNode documentsUnder(Map<String, Long> ledger, String prefix) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ledger.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix) && k.endsWith(Ledger.DOCS))
                        node.put(
                                k.substring(prefix.length(), k.length() - Ledger.DOCS.length()), v);
                });
        return node;
    }

    /** Counters reported by mappers (PII redactions, languages), by name. */
    static ObjectNode counters(Map<String, Long> ledger) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ledger.forEach(
                (k, v) -> {
                    if (k.startsWith(Ledger.COUNTER))
                        node.put(k.substring(Ledger.COUNTER.length()), v);
                });
        return node;
    }

    static String table(String source, PoolStats stats, double seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s: %.1f s%n", source, seconds));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  %-12s %10s %10s %10s %10s%n",
                        "stage",
                        "docs in",
                        "docs out",
                        "MB in",
                        "MB out"));
        for (JsonNode stage : stats.extra().get("stages")) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-12s %,10d %,10d %10.2f %10.2f%n",
                            stage.get("stage").asText(),
                            stage.get("docs_in").asLong(),
                            stage.get("docs_out").asLong(),
                            stage.get("bytes_in").asLong() / 1e6,
                            stage.get("bytes_out").asLong() / 1e6));
        }
        List<String> reasons = new ArrayList<>();
        JsonNode conservation = stats.extra().get("conservation");
        stats.extra()
                .getOrDefault("dropped", JsonNodeFactory.instance.objectNode())
                .properties()
                .forEach(
                        e ->
                                reasons.add(
                                        String.format(
                                                Locale.ROOT,
                                                "    dropped     %-40s %,10d",
                                                e.getKey(),
                                                e.getValue().asLong())));
        stats.extra()
                .getOrDefault("quarantined", JsonNodeFactory.instance.objectNode())
                .properties()
                .forEach(
                        e ->
                                reasons.add(
                                        String.format(
                                                Locale.ROOT,
                                                "    quarantined %-40s %,10d",
                                                e.getKey(),
                                                e.getValue().asLong())));
        reasons.forEach(r -> out.append(r).append('\n'));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  records %,d = kept %,d + dropped %,d + quarantined %,d%n",
                        conservation.get("records_in").asLong(),
                        conservation.get("kept").asLong(),
                        conservation.get("dropped").asLong(),
                        conservation.get("quarantined").asLong()));
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
