package dev.mixlab.search.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.io.Publish;
import dev.mixlab.search.SearchResult;
import dev.mixlab.search.fit.FitQuality;
import dev.mixlab.search.fit.ModelKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code proposal.json} (schema {@code mixlab.search.proposal/1}, docs/SEARCH.md): the proposed
 * weights with their bootstrap intervals, the predicted metrics with intervals, fit quality per
 * metric and model, the baselines, the constraints, and the check run when there is one.
 */
public final class ProposalJson {
    public static final String FILE_NAME = "proposal.json";
    public static final String SCHEMA = "mixlab.search.proposal/1";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A trained check of the proposal.
     *
     * @param run the run id
     * @param mixture the mixture it trained on
     * @param weights its domain weights (the proposal rounded for building)
     * @param measured objective metric (and {@code objective}) → measured value
     */
    public record Check(
            String run, String mixture, double[] weights, Map<String, Double> measured) {}

    private ProposalJson() {}

    /**
     * @param sourceWeights the proposal per source (spec searches), or null
     * @param check the check run, or null
     */
    public static Path write(
            Path dir, SearchResult result, Map<String, Double> sourceWeights, Check check) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("objective", result.objective().text());
        root.put("direction", result.objective().maximise() ? "max" : "min");
        root.put("model", result.proposeWith().label());
        root.put("runs", result.observations().runs().size());
        root.put("bootstrap", result.bootstrap());
        root.set("weights", weights(result.domains(), result.proposal().weights()));
        ObjectNode intervals = root.putObject("weights_interval");
        for (int j = 0; j < result.domains().size(); j++)
            putInterval(intervals, result.domains().get(j), result.weightIntervals()[j]);
        if (sourceWeights != null) {
            ObjectNode sources = root.putObject("source_weights");
            sourceWeights.forEach(sources::put);
        }
        root.set("predicted", prediction(result.proposal()));
        ObjectNode baselines = root.putObject("baselines");
        ObjectNode prior = baselines.putObject("prior");
        prior.set("weights", weights(result.domains(), result.prior().weights()));
        prior.set("predicted", prediction(result.prior()));
        ObjectNode best = baselines.putObject("best_swarm_run");
        best.put("run", result.bestRun());
        best.set("weights", weights(result.domains(), result.best().weights()));
        best.set("predicted", prediction(result.best()));
        ObjectNode measured = best.putObject("measured");
        result.best().measured().forEach(measured::put);

        ObjectNode fit = root.putObject("fit");
        for (ModelKind kind : ModelKind.values()) {
            ObjectNode model = fit.putObject(kind.label());
            for (Map.Entry<String, FitQuality> q : result.quality().get(kind).entrySet())
                model.set(q.getKey(), quality(q.getValue()));
            model.set("objective", quality(result.objectiveQuality().get(kind)));
        }
        ObjectNode interactions = root.putObject("interactions");
        result.effects()
                .forEach(
                        (metric, row) -> {
                            ObjectNode m = interactions.putObject(metric);
                            Interval[] ci = result.effectIntervals().get(metric);
                            for (int j = 0; j < row.length; j++) {
                                if (!Double.isFinite(row[j])) continue;
                                ObjectNode cell = m.putObject(result.domains().get(j));
                                cell.put("value", row[j]);
                                if (ci[j] != null) {
                                    cell.put("low", ci[j].low());
                                    cell.put("high", ci[j].high());
                                }
                            }
                        });
        ObjectNode constraints = root.putObject("constraints");
        constraints.set("lower", weights(result.domains(), result.box().lower()));
        constraints.set("upper", weights(result.domains(), result.box().upper()));
        constraints.put("kl_penalty", result.klPenalty());
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        if (check != null) {
            ObjectNode c = root.putObject("check");
            c.put("run", check.run());
            c.put("mixture", check.mixture());
            c.set("weights", weights(result.domains(), check.weights()));
            ObjectNode m = c.putObject("measured");
            check.measured().forEach(m::put);
        }
        try {
            Path file = dir.resolve(FILE_NAME);
            Publish.file(
                    file, (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode weights(List<String> domains, double[] weights) {
        ObjectNode node = JSON.createObjectNode();
        for (int j = 0; j < domains.size(); j++) node.put(domains.get(j), weights[j]);
        return node;
    }

    private static ObjectNode prediction(SearchResult.Prediction prediction) {
        ObjectNode node = JSON.createObjectNode();
        node.set("objective", estimate(prediction.objective()));
        prediction.metrics().forEach((metric, e) -> node.set(metric, estimate(e)));
        return node;
    }

    private static ObjectNode estimate(SearchResult.Estimate estimate) {
        ObjectNode node = JSON.createObjectNode();
        node.put("value", estimate.value());
        if (estimate.interval() != null) {
            node.put("low", estimate.interval().low());
            node.put("high", estimate.interval().high());
        }
        return node;
    }

    private static void putInterval(ObjectNode parent, String key, Interval interval) {
        if (interval == null) return;
        ArrayNode range = parent.putArray(key);
        range.add(interval.low());
        range.add(interval.high());
    }

    private static ObjectNode quality(FitQuality q) {
        ObjectNode node = JSON.createObjectNode();
        node.put("runs", q.runs());
        putNumber(node, "r2", q.r2());
        putNumber(node, "spearman", q.spearman());
        putNumber(node, "decision_accuracy", q.decisionAccuracy());
        putNumber(node, "rmse", q.rmse());
        return node;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) node.put(key, value);
        else node.putNull(key);
    }
}
