package dev.mixlab.eval.external;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.importers.ResultImporters;
import dev.mixlab.io.OutputLock;
import dev.mixlab.launcher.backend.CommandBackend;
import dev.mixlab.launcher.backend.CommandTemplate;
import dev.mixlab.launcher.backend.ExternalCommand;
import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.backend.TrainingBackend.PhaseFailedException;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.launcher.run.RunRecord.Evaluation;
import dev.mixlab.launcher.run.RunRecord.Status;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.EvalSpec;
import dev.mixlab.mixtures.spec.ModelSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the spec's {@code eval.command} once per completed phase of a run trained by an external
 * trainer, through the backend the run trained on (a local process for {@code command}, a Slurm job
 * for {@code slurm}), then imports whatever lm-evaluation-harness (0.3, 0.4) or bigcode harness
 * results it left in {@code {output_dir}}. The outcome goes into the phase's {@code evaluation} in
 * run.json: {@code completed} with the files imported, or {@code failed} with the reason and the
 * evaluator's log; a failure does not stop the other phases and runs.
 */
public final class ExternalEvaluator {
    private final AblationSpec spec;
    private final WorkDir work;
    private final CommandSpec command;
    private Path evalData;

    public ExternalEvaluator(AblationSpec spec, WorkDir work) {
        this.spec = spec;
        this.work = work;
        if (spec.eval().command() == null)
            throw new IllegalStateException("ExternalEvaluator needs eval.command in the spec");
        this.command = dev.mixlab.launcher.Launcher.withSpecDir(spec.eval().command(), spec);
        check(spec);
    }

    /** What happened to one phase. */
    public record Outcome(
            String run, String phase, Evaluation evaluation, boolean reused, Path outputDir) {
        public boolean failed() {
            return evaluation.status() == Status.failed;
        }
    }

    /**
     * Refuses an {@code eval.command} naming a placeholder that does not exist, before anything
     * runs (exit 2).
     */
    public static void check(AblationSpec spec) {
        CommandSpec command = spec.eval().command();
        if (command == null) return;
        Map<String, String> sample = new LinkedHashMap<>();
        for (String name : PLACEHOLDERS) sample.put(name, "x");
        try {
            CommandTemplate.render(command.template(), sample);
        } catch (IllegalArgumentException e) {
            throw new EvalInputException(
                    spec.file()
                            + ": eval.command: "
                            + e.getMessage().replaceFirst("^command template: ", "")
                            + " (docs/EVAL.md)");
        }
    }

    /** The placeholders of {@code eval.command}, in documentation order. */
    public static final List<String> PLACEHOLDERS =
            List.of(
                    "run",
                    "run_id",
                    "phase",
                    "run_dir",
                    "checkpoint",
                    "output_dir",
                    "tasks",
                    "task_files",
                    "eval_data",
                    "device",
                    "tokenizer",
                    "vocab",
                    "seq_len",
                    "model",
                    "d_model",
                    "n_layers",
                    "n_heads",
                    "d_mlp",
                    "positions",
                    "mixture_dir");

    /**
     * Evaluates the completed phases of {@code run} that have no completed evaluation yet (all of
     * them with {@code force}), importing their results into {@code store}.
     */
    public List<Outcome> evaluate(
            RunSpec run, boolean force, ResultsStore store, Consumer<String> log) {
        Path runDir = work.run(run.id());
        List<Outcome> outcomes = new ArrayList<>();
        try (OutputLock lock = work.store().lock(runDir, "mixlab eval")) {
            RunRecord record = RunRecord.read(runDir).orElseThrow();
            ExternalCommand.Runner runner = runner(record.setup().backend());
            for (RunRecord.Phase phase : record.phases()) {
                if (phase.status() != Status.completed) continue;
                Path outputDir =
                        work.store().inside(runDir.resolve("eval").resolve(phase.name()), "write");
                if (!force
                        && phase.evaluation() != null
                        && phase.evaluation().status() == Status.completed) {
                    outcomes.add(
                            new Outcome(
                                    run.id(), phase.name(), phase.evaluation(), true, outputDir));
                    continue;
                }
                Evaluation done = evaluatePhase(run, record, phase, runner, outputDir, store, log);
                record = record.withPhase(phase.evaluated(done));
                record.write(runDir);
                outcomes.add(new Outcome(run.id(), phase.name(), done, false, outputDir));
            }
        }
        return outcomes;
    }

    private Evaluation evaluatePhase(
            RunSpec run,
            RunRecord record,
            RunRecord.Phase phase,
            ExternalCommand.Runner runner,
            Path outputDir,
            ResultsStore store,
            Consumer<String> log) {
        Path runDir = work.run(run.id());
        Path logFile = runDir.resolve("eval").resolve(phase.name() + ".log");
        Path checkpoint =
                phase.checkpoint() != null
                        ? runDir.resolve(phase.checkpoint())
                        : Checkpoint.phaseDir(runDir, phase.name()).resolve(Checkpoint.FINAL);
        String started = now();
        String line =
                CommandTemplate.render(
                        command.template(), values(run, record, phase, checkpoint, outputDir));
        // Results of an earlier evaluation must neither be imported as this one's nor stay in the
        // store beside them.
        if (Files.isDirectory(store.directory())) store.forgetImportsUnder(run.id(), outputDir);
        if (Files.exists(outputDir)) work.store().delete(outputDir);
        try {
            Files.createDirectories(outputDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + outputDir, e);
        }
        log.accept(run.id() + "/" + phase.name() + ": evaluating " + relative(checkpoint));
        String jobId = null;
        try {
            jobId =
                    runner.run(
                            new ExternalCommand(
                                    run.id() + "-" + phase.name() + "-eval",
                                    line,
                                    command.env(),
                                    runDir,
                                    logFile));
            List<Path> files;
            try {
                files = ResultImporters.resultFiles(outputDir);
            } catch (EvalInputException e) {
                throw new PhaseFailedException(
                        "the evaluator left no results file in "
                                + outputDir
                                + " (results*.json from lm-evaluation-harness, evaluation_results.json from bigcode); its output is in "
                                + logFile);
            }
            try {
                store.importFiles(files, run.id(), phase.name());
            } catch (EvalInputException e) {
                throw new PhaseFailedException(
                        "the evaluator's results cannot be imported: "
                                + e.getMessage()
                                + "; its output is in "
                                + logFile);
            }
            return new Evaluation(
                    Status.completed,
                    started,
                    now(),
                    relative(runDir, outputDir),
                    relative(runDir, logFile),
                    files.stream().map(f -> relative(runDir, f)).toList(),
                    null,
                    jobId);
        } catch (PhaseFailedException e) {
            return new Evaluation(
                    Status.failed,
                    started,
                    now(),
                    relative(runDir, outputDir),
                    relative(runDir, logFile),
                    null,
                    e.getMessage(),
                    jobId);
        }
    }

    private Map<String, String> values(
            RunSpec run, RunRecord record, RunRecord.Phase phase, Path checkpoint, Path outputDir) {
        ModelSpec model = spec.models().get(run.model());
        EvalSpec eval = spec.eval();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("run", run.id());
        v.put("run_id", run.id());
        v.put("phase", phase.name());
        v.put("run_dir", work.run(run.id()).toString());
        v.put("checkpoint", checkpoint.toString());
        v.put("output_dir", outputDir.toString());
        v.put("tasks", String.join(",", eval.tasks()));
        v.put(
                "task_files",
                eval.taskFiles().stream()
                        .map(p -> p.toAbsolutePath().normalize().toString())
                        .collect(Collectors.joining(",")));
        v.put("eval_data", evalData().toString());
        v.put("device", device(record.setup().backend()));
        v.put("tokenizer", spec.tokenizer().describe());
        v.put("vocab", Integer.toString(record.setup().vocab()));
        v.put("seq_len", Integer.toString(spec.seqLen()));
        v.put("model", model.name());
        v.put("d_model", Integer.toString(model.dModel()));
        v.put("n_layers", Integer.toString(model.nLayers()));
        v.put("n_heads", Integer.toString(model.nHeads()));
        v.put("d_mlp", Integer.toString(model.dMlp()));
        v.put("positions", model.positions());
        v.put("mixture_dir", work.mixture(phase.mixture()).toString());
        return v;
    }

    /** The tokenized held-out data and task files, written on first use. */
    private Path evalData() {
        if (evalData == null) {
            evalData =
                    command.template().contains("{eval_data}")
                            ? EvalData.prepare(spec, work)
                            : EvalData.dir(work, spec);
        }
        return evalData;
    }

    /**
     * {@code eval.device}, or for {@code auto}: cuda when the evaluator will see a GPU (one on this
     * machine for the command backend; GPUs in the sbatch directives for Slurm), else cpu.
     */
    private String device(String backend) {
        String device = spec.eval().device();
        if (!device.equals("auto")) return device;
        if (backend.equals("slurm")) {
            boolean gpus =
                    spec.training().slurm() != null
                            && spec.training().slurm().directives().entrySet().stream()
                                    .anyMatch(
                                            d ->
                                                    d.getKey().contains("gpu")
                                                            || d.getValue().contains("gpu"));
            return gpus ? "cuda" : "cpu";
        }
        return Files.exists(Path.of("/dev/nvidia0")) ? "cuda" : "cpu";
    }

    private ExternalCommand.Runner runner(String backend) {
        return switch (backend) {
            case "slurm" -> {
                if (spec.training().slurm() == null)
                    throw new EvalInputException(
                            "the runs trained on Slurm are evaluated as Slurm jobs: training.slurm is needed in "
                                    + spec.file());
                yield new SlurmBackend(command, spec.training().slurm());
            }
            default -> new CommandBackend(command);
        };
    }

    private String relative(Path path) {
        return work.root().relativize(path).toString();
    }

    private static String relative(Path runDir, Path path) {
        return runDir.relativize(path).toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
