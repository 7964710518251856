package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.mixtures.pool.PoolStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What curation records in a pool's {@code stats.json} beyond the counts mixing needs ({@link
 * PoolStats}), as typed fields in the order they are written (snake_case): where the pool came
 * from, the conservation check, each stage and catalog step, documents dropped and quarantined by
 * reason, the mappers' counters, the part files with their SHA-256, and benchmark decontamination
 * per evaluation set when a set applied.
 */
@JsonPropertyOrder({
    "source",
    "kind",
    "fingerprint",
    "vocabSize",
    "mixlabVersion",
    "trainBytes",
    "validationBytes",
    "conservation",
    "stages",
    "steps",
    "dropped",
    "quarantined",
    "counts",
    "languages",
    "parts",
    "decontamination"
})
record CurationStats(
        String source,
        String kind,
        String fingerprint,
        int vocabSize,
        String mixlabVersion,
        long trainBytes,
        long validationBytes,
        Conservation conservation,
        List<StageCount> stages,
        Map<String, StepCount> steps,
        Map<String, Long> dropped,
        Map<String, Long> quarantined,
        Map<String, Long> counts,
        Map<String, LanguageCount> languages,
        List<PartFile> parts,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContaminationLedger.Stats decontamination) {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Documents and UTF-8 bytes into and out of one stage. */
    @JsonPropertyOrder({"stage", "docsIn", "bytesIn", "docsOut", "bytesOut"})
    record StageCount(String stage, long docsIn, long bytesIn, long docsOut, long bytesOut) {}

    /** Documents into and out of one catalog step, and the share kept (6 decimals). */
    @JsonPropertyOrder({"docsIn", "docsOut", "keptShare"})
    record StepCount(long docsIn, long docsOut, double keptShare) {}

    /**
     * Kept documents and tokens of one language (natural language for text, programming language
     * for code) per split.
     */
    @JsonPropertyOrder({"trainDocuments", "trainTokens", "validationDocuments", "validationTokens"})
    record LanguageCount(
            long trainDocuments,
            long trainTokens,
            long validationDocuments,
            long validationTokens) {}

    /** A part file of the pool. */
    record PartFile(String file, @JsonProperty("sha256") String sha256) {}

    /** The fields as {@link PoolStats#extra()} holds them, in order. */
    Map<String, JsonNode> asExtra() {
        ObjectNode node = JSON.valueToTree(this);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        node.properties().forEach(e -> extra.put(e.getKey(), e.getValue()));
        return extra;
    }
}
