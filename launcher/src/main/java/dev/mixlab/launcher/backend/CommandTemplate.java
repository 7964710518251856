package dev.mixlab.launcher.backend;

import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills an external trainer's command template. Placeholders are {@code {name}}; every value is
 * shell-quoted when it holds anything but {@code [A-Za-z0-9_./:=,+@%-]}, so a glob such as {@code
 * {shards}} reaches the trainer unexpanded and a path with spaces stays one argument. An unknown
 * placeholder is an error naming the known ones. {@code {{}} and {@code }}} are literal braces.
 */
public final class CommandTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|}}|\\{([a-z_]+)}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

    private CommandTemplate() {}

    /** The placeholders of {@code job}, in documentation order. */
    public static Map<String, String> values(PhaseJob job) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("run_id", job.runId());
        v.put("phase", job.phase());
        v.put("run_dir", job.runDir().toString());
        v.put("mixture_dir", job.mixtureDir().toString());
        v.put("manifest", job.mixtureDir().resolve(MixtureManifest.FILE_NAME).toString());
        v.put("shards", job.mixtureDir().resolve("part-*.parquet").toString());
        v.put(
                "validation_shards",
                job.mixtureDir().resolve("validation").resolve("part-*.parquet").toString());
        v.put("checkpoint_dir", job.checkpointDir().toString());
        v.put("final_checkpoint", job.checkpointDir().resolve(Checkpoint.FINAL).toString());
        v.put("previous_phase", job.previousPhase() == null ? "" : job.previousPhase());
        v.put(
                "init_checkpoint",
                job.initCheckpoint() == null ? "" : job.initCheckpoint().toString());
        v.put("metrics_csv", job.runDir().resolve(MetricsCsv.FILE_NAME).toString());
        v.put("tokens", Long.toString(job.tokens()));
        v.put("rows", Long.toString(job.rows()));
        v.put("start_row", Long.toString(job.startRow()));
        v.put("new_epoch", Boolean.toString(job.newEpoch()));
        v.put("steps", Long.toString(job.steps()));
        v.put("seq_len", Integer.toString(job.seqLen()));
        v.put("batch_size", Integer.toString(job.batchSize()));
        v.put("vocab", Integer.toString(job.vocab()));
        v.put("model", job.model().name());
        v.put("d_model", Integer.toString(job.model().dModel()));
        v.put("n_layers", Integer.toString(job.model().nLayers()));
        v.put("n_heads", Integer.toString(job.model().nHeads()));
        v.put("d_mlp", Integer.toString(job.model().dMlp()));
        v.put("positions", job.model().positions());
        v.put("lr_schedule", job.lr().kind());
        v.put("lr_peak", number(job.lr().peak()));
        v.put("lr_min", number(job.lr().min()));
        v.put("warmup_steps", Long.toString(job.lr().warmupSteps()));
        v.put("weight_decay", number(job.weightDecay()));
        v.put("grad_clip", number(job.gradClip()));
        v.put("seed", Long.toString(job.seed()));
        v.put("checkpoint_every", Integer.toString(job.checkpointEvery()));
        v.put("log_every", Integer.toString(job.logEvery()));
        return v;
    }

    /**
     * The environment an external trainer gets besides {@code command.env}: {@code
     * MIXLAB_START_ROW}, the first row of the mixture to read (as {@code {start_row}}), for
     * trainers configured by environment rather than flags.
     */
    public static Map<String, String> environment(PhaseJob job) {
        return Map.of(START_ROW_ENV, Long.toString(job.startRow()));
    }

    public static final String START_ROW_ENV = "MIXLAB_START_ROW";

    public static String render(String template, PhaseJob job) {
        return render(template, values(job));
    }

    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("{{")) {
                replacement = "{";
            } else if (m.group().equals("}}")) {
                replacement = "}";
            } else {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(
                            "command template: unknown placeholder {"
                                    + m.group(1)
                                    + "}; known: {"
                                    + String.join("}, {", values.keySet())
                                    + "}");
                }
                replacement = quote(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * POSIX shell quoting: safe words stay as they are, anything else goes in single quotes (the
     * empty string too).
     */
    public static String quote(String value) {
        if (SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
