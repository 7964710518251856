package dev.mixlab.mixtures.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.DataOrder;
import dev.mixlab.mixtures.spec.InputFiles;
import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.ModelSpec;
import dev.mixlab.mixtures.spec.PhaseSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.TokenCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an ablation will do: per-source token targets of every mixture (and, once pools exist, the
 * epochs each needs), and every run with its phases. Rendered as text for people and as stable JSON
 * ({@code mixlab.plan/1}, docs/PLAN-JSON.md) for scripts.
 */
public final class AblationPlan {
    public static final String JSON_SCHEMA = "mixlab.plan/1";

    private final AblationSpec spec;
    private final WorkDir workDir;
    private final Map<String, Optional<Long>> poolTokens = new LinkedHashMap<>();
    private final Map<String, Boolean> stalePoolOnly = new LinkedHashMap<>();
    private final Map<String, List<String>> missingInputs = new LinkedHashMap<>();
    private final Map<String, Integer> matchedInputs = new LinkedHashMap<>();

    /**
     * @param readLimits the reader's bounds curation applies ({@code ReadLimits.toString()}): part
     *     of the fingerprint that names the pool {@code mix} will read, whose supply is judged
     */
    public AblationPlan(AblationSpec spec, WorkDir workDir, String readLimits) {
        this.spec = spec;
        this.workDir = workDir;
        for (SourceSpec source : spec.sources()) {
            java.nio.file.Path pool = workDir.pool(spec, source, readLimits);
            Optional<Long> tokens = PoolSupply.trainTokens(pool);
            poolTokens.put(source.name(), tokens);
            stalePoolOnly.put(
                    source.name(),
                    tokens.isEmpty()
                            && PoolSupply.hasOtherPool(workDir.pools(), source.name(), pool));
            missingInputs.put(source.name(), InputFiles.unmatched(source));
            matchedInputs.put(source.name(), InputFiles.resolve(source).size());
        }
    }

    /** Input patterns that match nothing, by source; empty when every input exists. */
    public Map<String, List<String>> missingInputs() {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        missingInputs.forEach(
                (s, patterns) -> {
                    if (!patterns.isEmpty()) missing.put(s, patterns);
                });
        return missing;
    }

    /** One line per source with unmatched inputs, for error messages and warnings. */
    public List<String> missingInputMessages() {
        List<String> lines = new ArrayList<>();
        missingInputs()
                .forEach(
                        (source, patterns) ->
                                lines.add(
                                        "source '"
                                                + source
                                                + "': no file matches "
                                                + String.join(", ", patterns)
                                                + (patterns.stream().allMatch(StoragePaths::isUri)
                                                        ? ""
                                                        : " (relative to "
                                                                + spec.file()
                                                                        .toAbsolutePath()
                                                                        .getParent()
                                                                + ")")));
        return lines;
    }

    public record SourceTarget(
            String source,
            String kind,
            double weight,
            long targetTokens,
            double maxRepetition,
            Long poolTrainTokens) {
        /** Epochs of the pool this target needs, or null while the pool has not been curated. */
        public Double epochsNeeded() {
            return poolTrainTokens == null
                    ? null
                    : poolTrainTokens == 0
                            ? Double.POSITIVE_INFINITY
                            : (double) targetTokens / poolTrainTokens;
        }

        public Boolean withinCap() {
            Double epochs = epochsNeeded();
            return epochs == null ? null : epochs <= maxRepetition + 1e-12;
        }
    }

    /**
     * The shares a curated pool cannot supply within {@code max_repetition}, one line each (the
     * check {@code mix} makes before writing anything); sources without a pool yet are not judged.
     */
    public List<String> supplyShortfalls() {
        List<String> lines = new ArrayList<>();
        for (MixtureSpec mixture : spec.mixtures()) {
            for (SourceTarget t : targets(mixture)) {
                if (Boolean.FALSE.equals(t.withinCap())) {
                    lines.add(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "mixture '%s' needs %s tokens of '%s', %.3f epochs of its pool"
                                            + " (max_repetition %s)",
                                    mixture.name(),
                                    dev.mixlab.mixtures.spec.TokenCounts.format(t.targetTokens()),
                                    t.source(),
                                    t.epochsNeeded(),
                                    t.maxRepetition()));
                }
            }
        }
        return lines;
    }

    public List<SourceTarget> targets(MixtureSpec mixture) {
        Map<String, Long> tokens = TokenBudget.allocate(mixture.weights(), mixture.budgetTokens());
        List<SourceTarget> targets = new ArrayList<>();
        mixture.weights()
                .forEach(
                        (source, weight) ->
                                targets.add(
                                        new SourceTarget(
                                                source,
                                                spec.source(source).orElseThrow().kind(),
                                                weight,
                                                tokens.get(source),
                                                mixture.maxRepetitionOf(source),
                                                poolTokens.get(source).orElse(null))));
        return targets;
    }

    // ---- JSON
    // ------------------------------------------------------------------------------------

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", JSON_SCHEMA);
        root.put("ablation", spec.name());
        root.put("spec_file", spec.file().toAbsolutePath().normalize().toString());
        root.put("workdir", workDir.root().toString());
        root.put("tokenizer", spec.tokenizer().describe());
        root.put("seq_len", spec.seqLen());
        root.put("seed", spec.seed());
        ArrayNode sources = root.putArray("sources");
        for (SourceSpec s : spec.sources()) {
            ObjectNode n = sources.addObject();
            n.put("name", s.name());
            n.put("kind", s.kind());
            n.put("format", s.format().yamlName());
            s.inputs().forEach(n.putArray("inputs")::add);
            n.put("matched_inputs", matchedInputs.get(s.name()));
            missingInputs.get(s.name()).forEach(n.putArray("missing_inputs")::add);
            n.put("heldout_fraction", s.heldoutFraction());
            n.put("pii_redaction", s.redactsPii());
            putNullable(n, "pool_train_tokens", poolTokens.get(s.name()).orElse(null));
        }
        ArrayNode mixtures = root.putArray("mixtures");
        for (MixtureSpec m : spec.mixtures()) {
            ObjectNode n = mixtures.addObject();
            n.put("name", m.name());
            n.put("origin", m.origin());
            if (m.sweepValue() == null) n.putNull("sweep_value");
            else n.put("sweep_value", m.sweepValue());
            n.put("budget_tokens", m.budgetTokens());
            n.put("seed", m.seed());
            n.put("code_share", round(spec.codeShare(m)));
            ObjectNode kinds = n.putObject("shares_by_kind");
            spec.sharesByKind(m).forEach((k, v) -> kinds.put(k, round(v)));
            ArrayNode targets = n.putArray("sources");
            for (SourceTarget t : targets(m)) {
                ObjectNode tn = targets.addObject();
                tn.put("name", t.source());
                tn.put("kind", t.kind());
                tn.put("weight", round(t.weight()));
                tn.put("target_tokens", t.targetTokens());
                tn.put("max_repetition", t.maxRepetition());
                putNullable(tn, "pool_train_tokens", t.poolTrainTokens());
                Double epochs = t.epochsNeeded();
                if (epochs == null) tn.putNull("epochs_needed");
                else tn.put("epochs_needed", round(epochs));
                Boolean within = t.withinCap();
                if (within == null) tn.putNull("within_max_repetition");
                else tn.put("within_max_repetition", within);
            }
        }
        ObjectNode models = root.putObject("models");
        for (ModelSpec model : spec.models().values()) {
            ObjectNode n = models.putObject(model.name());
            n.put("d_model", model.dModel());
            n.put("n_layers", model.nLayers());
            n.put("n_heads", model.nHeads());
            n.put("d_mlp", model.dMlp());
            n.put("non_embedding_parameters", model.nonEmbeddingParameters());
        }
        ArrayNode runs = root.putArray("runs");
        DataOrder order = spec.dataOrder();
        for (RunSpec run : spec.runs()) {
            ObjectNode n = runs.addObject();
            n.put("id", run.id());
            n.put("recipe", run.recipe());
            n.put("model", run.model());
            n.put("seed", run.seed());
            n.put("total_tokens", run.totalTokens());
            if (run.initFrom() == null) n.putNull("init_from");
            else n.put("init_from", run.initFrom().toString());
            ArrayNode phases = n.putArray("phases");
            for (PhaseSpec p : run.phases()) {
                ObjectNode pn = phases.addObject();
                pn.put("name", p.name());
                pn.put("mixture", p.mixture());
                pn.put("tokens", p.tokens());
                ObjectNode lr = pn.putObject("lr");
                lr.put("schedule", p.lr().kind());
                lr.put("peak", p.lr().peak());
                lr.put("min", p.lr().min());
                lr.put("warmup_steps", p.lr().warmupSteps());
                if (p.initFrom() == null) pn.putNull("init_from");
                else pn.put("init_from", p.initFrom().toString());
                DataOrder.RowRange rows = order.range(run.id(), p.name());
                pn.put("start_row", rows.start());
                pn.put("rows", rows.rows());
                pn.put("new_epoch", p.newEpoch());
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("plan could not be rendered as JSON", e);
        }
    }

    private static void putNullable(ObjectNode n, String key, Long value) {
        if (value == null) n.putNull(key);
        else n.put(key, value);
    }

    /** Removes binary noise such as 0.30000000000000004 from shares. */
    private static double round(double v) {
        return Double.isInfinite(v) ? v : Math.round(v * 1e9) / 1e9;
    }

    // ---- text
    // ------------------------------------------------------------------------------------

    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Ablation ").append(spec.name()).append("  (").append(spec.file()).append(")\n");
        if (!spec.description().isBlank())
            out.append("  ").append(spec.description().strip()).append('\n');
        out.append("  tokenizer ")
                .append(spec.tokenizer().describe())
                .append(", seq_len ")
                .append(spec.seqLen())
                .append(", workdir ")
                .append(workDir.root())
                .append("\n\n");

        out.append("Sources (").append(spec.sources().size()).append(")\n");
        for (SourceSpec s : spec.sources()) {
            Optional<Long> pool = poolTokens.get(s.name());
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-16s %-14s %3d input(s)%s  heldout %.3f  pool %s%n",
                            s.name(),
                            s.kind(),
                            matchedInputs.get(s.name()),
                            missingInputs.get(s.name()).isEmpty()
                                    ? ""
                                    : " ("
                                            + missingInputs.get(s.name()).size()
                                            + " pattern(s) match nothing)",
                            s.heldoutFraction(),
                            pool.map(t -> TokenCounts.format(t) + " train tokens")
                                    .orElse(
                                            stalePoolOnly.get(s.name())
                                                    ? "not curated for the current inputs and settings (only an earlier pool exists)"
                                                    : "not curated yet")));
        }

        out.append("\nMixtures (").append(spec.mixtures().size()).append(")\n");
        for (MixtureSpec m : spec.mixtures()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-22s budget %-8s code %5.1f%%  %s%n",
                            m.name(),
                            TokenCounts.format(m.budgetTokens()),
                            100 * spec.codeShare(m),
                            m.origin().equals("explicit") ? "" : "(sweep " + m.origin() + ")"));
            for (SourceTarget t : targets(m)) {
                Double epochs = t.epochsNeeded();
                String supply =
                        epochs == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "  %.2f epochs of %s%s",
                                        epochs,
                                        TokenCounts.format(t.poolTrainTokens()),
                                        Boolean.TRUE.equals(t.withinCap())
                                                ? ""
                                                : "  EXCEEDS max_repetition " + t.maxRepetition());
                out.append(
                        String.format(
                                Locale.ROOT,
                                "      %-16s %-12s %6.2f%%  %,18d tokens%s%n",
                                t.source(),
                                t.kind(),
                                100 * t.weight(),
                                t.targetTokens(),
                                supply));
            }
        }

        out.append("\nRuns (").append(spec.runs().size()).append(", in dependency order)\n");
        DataOrder order = spec.dataOrder();
        for (RunSpec run : spec.runs()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-34s %s tokens%s%n",
                            run.id(),
                            TokenCounts.format(run.totalTokens()),
                            run.initFrom() == null ? "" : "  init_from " + run.initFrom()));
            for (PhaseSpec p : run.phases()) {
                LrSchedule lr = p.lr();
                out.append(
                        String.format(
                                Locale.ROOT,
                                "      %-12s %-22s %8s  rows %-15s  lr %s %.2g→%.2g, warmup %d%n",
                                p.name(),
                                p.mixture(),
                                TokenCounts.format(p.tokens()),
                                order.range(run.id(), p.name()).describe()
                                        + (p.newEpoch() ? " (new_epoch)" : ""),
                                lr.kind(),
                                lr.peak(),
                                lr.kind().equals("constant") ? lr.peak() : lr.min(),
                                lr.warmupSteps()));
            }
        }
        List<String> missing = missingInputMessages();
        if (!missing.isEmpty()) {
            out.append(
                    "\nMissing inputs (curate and build will refuse to run until they exist):\n");
            missing.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }
}
