package dev.mixlab.eval.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.proxy.ProxyModel;
import dev.mixlab.launcher.proxy.ProxyTrainer;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Evaluates proxy runs: every completed phase's final checkpoint is scored on the ablation's {@link
 * ProxySuite} and written to {@code runs/<id>/eval/<phase>/results_proxy.json} (lm-eval-harness
 * format). A phase whose results are newer than its checkpoint is not scored again.
 */
public final class ProxyEvaluator {
    private final AblationSpec spec;
    private final WorkDir work;
    private final ProxySuite suite;

    public ProxyEvaluator(AblationSpec spec, WorkDir work, ProxySuite.Options options) {
        this.spec = spec;
        this.work = work;
        this.suite = ProxySuite.build(spec, work, options);
    }

    /** {@code runs/<run-id>/eval/<phase>/}, refused when a name leads out of the work directory. */
    public static Path resultsDir(WorkDir work, String runId, String phase) {
        return work.store().inside(work.run(runId).resolve("eval").resolve(phase), "write");
    }

    /**
     * One evaluated checkpoint: where its results file is, and whether it was scored now or reused.
     */
    public record Evaluated(String run, String phase, Path resultsFile, boolean reused) {}

    /**
     * Scores the completed phases of {@code run}; a run that never trained is an error naming the
     * command.
     */
    public List<Evaluated> evaluate(RunSpec run, boolean force, Consumer<String> log) {
        Path runDir = work.run(run.id());
        RunRecord record =
                RunRecord.read(runDir)
                        .orElseThrow(
                                () ->
                                        new EvalInputException(
                                                "run "
                                                        + run.id()
                                                        + " has not been trained (no "
                                                        + runDir.resolve(RunRecord.FILE_NAME)
                                                        + "); run `mixlab train "
                                                        + spec.file()
                                                        + " --only "
                                                        + run.id()
                                                        + "` first"));
        List<Evaluated> out = new ArrayList<>();
        for (RunRecord.Phase phase : record.phases()) {
            if (phase.status() != RunRecord.Status.completed) continue;
            Checkpoint checkpoint =
                    Checkpoint.finalOf(runDir, phase.name())
                            .orElseThrow(
                                    () ->
                                            new EvalInputException(
                                                    "run "
                                                            + run.id()
                                                            + " phase '"
                                                            + phase.name()
                                                            + "' completed on backend "
                                                            + record.setup().backend()
                                                            + " but has no proxy checkpoint in "
                                                            + Checkpoint.phaseDir(
                                                                            runDir, phase.name())
                                                                    .resolve(Checkpoint.FINAL)
                                                            + "; evaluate it with your own harness and `mixlab eval import`"));
            Path dir = resultsDir(work, run.id(), phase.name());
            Path results = ProxyResultsJson.resultsFile(dir);
            if (!force && newer(results, checkpoint.dir().resolve("state.json"))) {
                out.add(new Evaluated(run.id(), phase.name(), results, true));
                continue;
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            ProxySuite.Scores scores;
            try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                    ProxyModel model =
                            ProxyTrainer.load(
                                    manager,
                                    checkpoint,
                                    spec.models().get(run.model()),
                                    spec.seqLen())) {
                scores = suite.score(model);
            }
            Path written =
                    ProxyResultsJson.write(
                            dir,
                            scores,
                            "mixlab-proxy",
                            "run="
                                    + run.id()
                                    + ",phase="
                                    + phase.name()
                                    + ",checkpoint="
                                    + runDir.relativize(checkpoint.dir()));
            StringBuilder line =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "%s/%s evaluated in %.1f s (%.1f CPU-s):",
                                    run.id(),
                                    phase.name(),
                                    (System.nanoTime() - start) / 1e9,
                                    (processCpuNanos() - cpuStart) / 1e9));
            scores.bpb()
                    .forEach(
                            (s, r) ->
                                    line.append(
                                            String.format(
                                                    Locale.ROOT, " %s %.3f bpb;", s, r.bpb())));
            scores.probes()
                    .forEach(
                            (s, r) ->
                                    line.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    " %s probe acc %.3f acc_norm %.3f;",
                                                    s,
                                                    r.acc(),
                                                    r.accNorm())));
            log.accept(line.toString());
            out.add(new Evaluated(run.id(), phase.name(), written, false));
        }
        return out;
    }

    /** CPU time of the whole process (libtorch works on its own threads too). */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static boolean newer(Path file, Path than) {
        try {
            return Files.exists(file)
                    && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than))
                            >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
