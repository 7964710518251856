package dev.mixlab.launcher.run;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What decides what a run learns, as flat {@code key → value} pairs and their SHA-256: the model,
 * seed, tokenizer, seq_len, batch size, optimizer settings, backend and trainer command, and per
 * phase the mixture (and the SHA-256 of its manifest), tokens, schedule, the run it starts from
 * (and that run's own config hash) and the first row it reads. A run whose recorded identity
 * differs from the spec's is stale: {@code train} refuses it rather than skip or resume it, {@code
 * eval} and {@code compare} refuse its results.
 *
 * <p>Records of versions before run identities hold no config; theirs is rebuilt from the fields
 * they did record (those versions read every phase from row 0, and did not record the trainer
 * command), so an old run that matches is kept and one that does not is named with its differences.
 */
public record RunIdentity(Map<String, String> config, String sha256, boolean legacy) {
    /** A value that cannot be known now (a mixture not built yet); never a difference. */
    public static final String UNKNOWN = "(unknown)";

    /** A value an older record did not keep. */
    public static final String NOT_RECORDED = "(not recorded)";

    private static final String NONE = "(none)";

    public RunIdentity {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** One phase as it enters the identity. */
    public record Phase(
            String name,
            String mixture,
            String mixtureSha256,
            long tokens,
            LrSchedule lr,
            String initFrom,
            String initFromConfigSha256,
            long startRow) {}

    /** The identity of a run with these settings (values {@link #UNKNOWN} where not known yet). */
    public static RunIdentity of(
            ModelSpec model,
            long seed,
            String tokenizer,
            int seqLen,
            int batchSize,
            double weightDecay,
            double gradClip,
            String backend,
            String commandTemplate,
            List<Phase> phases) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("model.name", model.name());
        c.put("model.d_model", Integer.toString(model.dModel()));
        c.put("model.n_layers", Integer.toString(model.nLayers()));
        c.put("model.n_heads", Integer.toString(model.nHeads()));
        c.put("model.d_mlp", Integer.toString(model.dMlp()));
        c.put("model.positions", model.positions());
        c.put("seed", Long.toString(seed));
        c.put("tokenizer", tokenizer);
        c.put("seq_len", Integer.toString(seqLen));
        c.put("training.batch_size", Integer.toString(batchSize));
        c.put("training.weight_decay", number(weightDecay));
        c.put("training.grad_clip", number(gradClip));
        c.put("training.backend", backend);
        if (!backend.equals("proxy")) c.put("training.command.template", commandTemplate);
        for (Phase p : phases) {
            String k = "phases." + p.name() + ".";
            c.put(k + "mixture", p.mixture());
            c.put(k + "mixture_sha256", p.mixtureSha256() == null ? UNKNOWN : p.mixtureSha256());
            c.put(k + "tokens", Long.toString(p.tokens()));
            c.put(k + "lr.schedule", p.lr().kind());
            c.put(k + "lr.peak", number(p.lr().peak()));
            c.put(k + "lr.min", number(p.lr().min()));
            c.put(k + "lr.warmup_steps", Long.toString(p.lr().warmupSteps()));
            if (p.initFrom() != null) {
                c.put(k + "init_from", p.initFrom());
                c.put(
                        k + "init_from.config_sha256",
                        p.initFromConfigSha256() == null ? UNKNOWN : p.initFromConfigSha256());
            }
            c.put(k + "start_row", Long.toString(p.startRow()));
        }
        return new RunIdentity(c, null, false);
    }

    /** This identity with its hash, as written into a new run.json. */
    public RunIdentity hashed() {
        return new RunIdentity(config, hash(config), legacy);
    }

    static String hash(Map<String, String> config) {
        StringBuilder canonical = new StringBuilder();
        config.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The identity {@code record} holds, or the one rebuilt from an older record's fields. */
    public static RunIdentity recorded(RunRecord record) {
        RunRecord.Setup s = record.setup();
        if (s.config() != null) return new RunIdentity(s.config(), s.configSha256(), false);
        List<Phase> phases = new ArrayList<>();
        for (RunRecord.Phase p : record.phases()) {
            phases.add(
                    new Phase(
                            p.name(),
                            p.mixture(),
                            p.mixtureManifestSha256(),
                            p.plan().tokens(),
                            p.plan().lr(),
                            p.plan().initFrom(),
                            null,
                            p.plan().startRow() == null ? 0 : p.plan().startRow()));
        }
        RunIdentity rebuilt =
                of(
                        s.model(),
                        s.seed(),
                        s.tokenizer(),
                        s.seqLen(),
                        s.batchSize(),
                        s.weightDecay(),
                        s.gradClip(),
                        s.backend(),
                        NOT_RECORDED,
                        phases);
        return new RunIdentity(rebuilt.config(), null, true);
    }

    /** Refuses a record whose config does not hash to its config_sha256 (edited by hand). */
    static void checkRecorded(RunRecord record, Path file) {
        RunRecord.Setup s = record.setup();
        if (s.config() == null && s.configSha256() == null) return;
        if (s.config() == null || !hash(s.config()).equals(s.configSha256())) {
            throw new RunRecord.CorruptException(
                    file
                            + ": its config does not match its config_sha256 (edited by hand?); the run cannot be trusted: move the run directory away or retrain with `mixlab train --restart "
                            + s.id()
                            + "`",
                    null);
        }
    }

    /**
     * What differs from {@code current}, as {@code key old → new}; keys whose value either side
     * cannot know are not compared.
     */
    public List<String> differences(RunIdentity current) {
        Set<String> keys = new LinkedHashSet<>(config.keySet());
        keys.addAll(current.config.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String was = config.getOrDefault(key, NONE);
            String now = current.config.getOrDefault(key, NONE);
            if (was.equals(UNKNOWN) || now.equals(UNKNOWN)) continue;
            if (!Objects.equals(was, now)) out.add(key + " " + shorten(was) + " → " + shorten(now));
        }
        return out;
    }

    /** Hashes are shown by their first 12 digits, long values cut to 60 characters. */
    private static String shorten(String value) {
        if (value.matches("[0-9a-f]{64}")) return value.substring(0, 12) + "…";
        return value.length() > 60 ? value.substring(0, 59) + "…" : value;
    }

    /** Plain decimal notation without trailing zeros: 0.0003, 0.1, 1. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
