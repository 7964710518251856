package dev.mixlab.cli;

import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.external.ExternalEvaluator;
import dev.mixlab.eval.importers.ImportedFile;
import dev.mixlab.eval.importers.ResultImporters;
import dev.mixlab.eval.proxy.ProxyEvaluator;
import dev.mixlab.eval.proxy.ProxySuite;
import dev.mixlab.launcher.Launcher;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mixlab eval FILE.yaml --all | --run RUN}: the proxy evaluation of trained proxy runs
 * (per-source bits per byte, probes, task files), written in lm-eval-harness format next to each
 * run and imported into the results store. {@code import} attaches external results
 * (lm-evaluation-harness, bigcode harness, judge verdicts) to a run.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate trained proxy runs (docs/EVAL.md): every completed phase's final checkpoint is scored on per-source "
                    + "validation loss and bits per byte of the held-out pools, next-line/next-sentence probes and the spec's task files; "
                    + "results go to WORKDIR/runs/<run>/eval/<phase>/ (lm-eval-harness format) and into WORKDIR/results/.",
            "'mixlab eval import PATH... --run NAME' attaches lm-eval-harness, bigcode-harness or judge results to a run or an external model."
        },
        subcommands = EvalCommand.Import.class)
final class EvalCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "FILE.yaml",
            description = "The ablation spec whose runs to evaluate.")
    Path file;

    @Option(
            names = "--all",
            description = "Evaluate every run of the spec that has completed phases.")
    boolean all;

    @Option(
            names = "--run",
            paramLabel = "RUN",
            split = ",",
            description = "Evaluate these runs (ids or recipe names).")
    List<String> only = List.of();

    @Option(
            names = "--force",
            description = "Score again even when results are newer than the checkpoint.")
    boolean force;

    @Mixin WorkDirOption workDir;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (file == null || all == !only.isEmpty()) {
            throw new UsageException(
                    "give the spec and either --all or --run RUN (e.g. 'mixlab eval configs/quickstart.yaml --all'), "
                            + "or 'mixlab eval import PATH... --run NAME'");
        }
        AblationSpec spec = StorageSettings.apply(SpecLoader.load(file));
        WorkDir dir = workDir.resolve(spec);
        DjlCache.configure(dir);
        List<RunSpec> runs = new Launcher(spec, dir).select(only);
        PrintWriter out = command.commandLine().getOut();
        evaluateAndImport(spec, dir, all ? trained(runs, dir) : runs, force, out);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The runs that have a run.json (--all skips runs never trained rather than failing on them).
     */
    private static List<RunSpec> trained(List<RunSpec> runs, WorkDir dir) {
        return runs.stream().filter(r -> RunRecord.read(dir.run(r.id())).isPresent()).toList();
    }

    /**
     * Evaluates {@code runs} and imports their results: runs trained by the proxy backend with the
     * proxy evaluator, runs trained by an external trainer with {@code eval.command}; returns the
     * results files. A failed evaluator command is reported and the others go on; the command then
     * fails (exit 1) naming them.
     */
    static List<Path> evaluateAndImport(
            AblationSpec spec, WorkDir dir, List<RunSpec> runs, boolean force, PrintWriter out) {
        if (runs.isEmpty())
            throw new UsageException(
                    "no trained runs to evaluate in "
                            + dir.runs()
                            + "; run 'mixlab train "
                            + spec.file()
                            + "' first");
        ExternalEvaluator.check(spec);
        new Launcher(spec, dir)
                .requireCurrent(
                        runs,
                        null,
                        "evaluating them would file their scores under the spec's runs");
        List<RunSpec> proxyRuns = new java.util.ArrayList<>();
        List<RunSpec> externalRuns = new java.util.ArrayList<>();
        for (RunSpec run : runs) {
            boolean external =
                    RunRecord.read(dir.run(run.id()))
                            .map(r -> !r.setup().backend().equals("proxy"))
                            .orElse(false);
            (external ? externalRuns : proxyRuns).add(run);
        }
        if (!externalRuns.isEmpty() && spec.eval().command() == null) {
            throw new UsageException(
                    "run "
                            + externalRuns.get(0).id()
                            + " was trained by an external trainer: set eval.command in "
                            + spec.file()
                            + " (docs/EVAL.md), or import its results with 'mixlab eval import DIR --run "
                            + externalRuns.get(0).id()
                            + " --phase PHASE'");
        }
        ResultsStore store = ResultsStore.open(dir.root());
        List<Path> files = new java.util.ArrayList<>();
        int evaluatedCount = 0;
        if (!proxyRuns.isEmpty()) {
            ProxyEvaluator evaluator = new ProxyEvaluator(spec, dir, ProxySuite.Options.DEFAULTS);
            List<ProxyEvaluator.Evaluated> evaluated = new java.util.ArrayList<>();
            for (RunSpec run : proxyRuns)
                evaluated.addAll(evaluator.evaluate(run, force, printer(out)));
            for (ProxyEvaluator.Evaluated e : evaluated) {
                store.importFile(e.resultsFile(), e.run(), e.phase());
                files.add(e.resultsFile());
                out.printf(
                        Locale.ROOT,
                        "%s/%s: %s%s%n",
                        e.run(),
                        e.phase(),
                        dir.root().relativize(e.resultsFile()),
                        e.reused() ? " (up to date)" : "");
            }
            evaluatedCount += evaluated.size();
        }
        List<String> failed = new java.util.ArrayList<>();
        if (!externalRuns.isEmpty()) {
            ExternalEvaluator evaluator = new ExternalEvaluator(spec, dir);
            for (RunSpec run : externalRuns) {
                for (ExternalEvaluator.Outcome o :
                        evaluator.evaluate(run, force, store, printer(out))) {
                    evaluatedCount++;
                    Path runDir = dir.run(o.run());
                    if (o.failed()) {
                        failed.add(o.run() + "/" + o.phase());
                        out.printf(
                                Locale.ROOT,
                                "%s/%s: evaluation FAILED: %s%n",
                                o.run(),
                                o.phase(),
                                o.evaluation().error());
                        continue;
                    }
                    for (String f : o.evaluation().results()) files.add(runDir.resolve(f));
                    out.printf(
                            Locale.ROOT,
                            "%s/%s: %s%s%n",
                            o.run(),
                            o.phase(),
                            o.evaluation().results().stream()
                                    .map(f -> dir.root().relativize(runDir.resolve(f)).toString())
                                    .collect(java.util.stream.Collectors.joining(", ")),
                            o.reused() ? " (up to date)" : "");
                }
            }
        }
        out.printf(
                Locale.ROOT,
                "%d checkpoint(s) evaluated and imported into %s%s%n",
                evaluatedCount - failed.size(),
                store.directory(),
                failed.isEmpty()
                        ? ""
                        : "; "
                                + failed.size()
                                + " evaluation(s) failed: "
                                + String.join(", ", failed));
        out.flush();
        if (!failed.isEmpty()) {
            throw new EvaluationFailedException(
                    failed.size()
                            + " evaluation(s) failed ("
                            + String.join(", ", failed)
                            + "); run.json of each run names the reason and the evaluator's log; fix the evaluator and run 'mixlab eval "
                            + spec.file()
                            + " --all' again (completed evaluations are kept)");
        }
        return files;
    }

    /** An evaluator command failed for some phases (exit 1); the others were evaluated. */
    static final class EvaluationFailedException extends RuntimeException {
        EvaluationFailedException(String message) {
            super(message);
        }
    }

    private static java.util.function.Consumer<String> printer(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import evaluation results into WORKDIR/results/ (one Parquet file per imported file; importing a file again replaces it).",
                "PATH is an lm-evaluation-harness results JSON (0.3 or 0.4; samples_<task>_<time>.jsonl next to it from --log_samples are "
                        + "imported too), a bigcode-evaluation-harness evaluation_results.json, pairwise judge verdicts (.jsonl: model_a, "
                        + "model_b, verdict win|tie|loss), or a directory holding results*.json / evaluation_results.json files.",
                "All files are read before anything is stored: one malformed file stores nothing (exit 2)."
            })
    static final class Import implements Callable<Integer> {
        @Parameters(
                arity = "1..*",
                paramLabel = "PATH",
                description = "Results files or directories of them.")
        List<Path> paths;

        @Option(
                names = "--run",
                paramLabel = "NAME",
                description =
                        "The run id (e.g. code-25-tiny-s1234) or external model name the results belong to. "
                                + "Required except for judge verdicts, which name their models (there it keeps only NAME's win-rates).")
        String run;

        @Option(
                names = "--phase",
                paramLabel = "PHASE",
                description =
                        "The phase or checkpoint evaluated (default: none, i.e. the finished run).")
        String phase;

        @Mixin WorkDirOption workDir;

        @Spec picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            WorkDir dir = workDir.resolve(null);
            List<Path> files =
                    paths.stream().flatMap(p -> ResultImporters.resultFiles(p).stream()).toList();
            List<ResultsStore.StoredImport> stored =
                    ResultsStore.open(dir.root()).importFiles(files, run, phase);
            PrintWriter out = command.commandLine().getOut();
            for (ResultsStore.StoredImport s : stored) {
                ImportedFile file = s.imported();
                long runs = file.results().stream().map(r -> r.run()).distinct().count();
                out.printf(
                        Locale.ROOT,
                        "%s: %d results%s (%s) for %s -> %s%n",
                        file.file(),
                        file.results().size(),
                        file.samples().isEmpty()
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        ", %d per-example scores",
                                        file.samples().size()),
                        file.format().description(),
                        run != null ? run : runs + " judged models",
                        dir.root().relativize(s.parquet()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
