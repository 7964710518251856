package dev.mixlab.cli;

import dev.mixlab.eval.ResultsStore;
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
        AblationSpec spec = SpecLoader.load(file);
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

    /** Proxy-evaluates {@code runs} and imports their results; returns the results files. */
    static List<Path> evaluateAndImport(
            AblationSpec spec, WorkDir dir, List<RunSpec> runs, boolean force, PrintWriter out) {
        if (runs.isEmpty())
            throw new UsageException(
                    "no trained runs to evaluate in "
                            + dir.runs()
                            + "; run 'mixlab train "
                            + spec.file()
                            + "' first");
        new Launcher(spec, dir)
                .requireCurrent(
                        runs,
                        null,
                        "evaluating them would file their scores under the spec's runs");
        ProxyEvaluator evaluator = new ProxyEvaluator(spec, dir, ProxySuite.Options.DEFAULTS);
        List<ProxyEvaluator.Evaluated> evaluated = new java.util.ArrayList<>();
        for (RunSpec run : runs)
            evaluated.addAll(
                    evaluator.evaluate(
                            run,
                            force,
                            line -> {
                                out.println(line);
                                out.flush();
                            }));
        ResultsStore store = ResultsStore.open(dir.root());
        List<Path> files = new java.util.ArrayList<>();
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
        out.printf(
                Locale.ROOT,
                "%d checkpoint(s) evaluated and imported into %s%n",
                evaluated.size(),
                store.directory());
        return files;
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
