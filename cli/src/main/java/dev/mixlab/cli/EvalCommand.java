package dev.mixlab.cli;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.importers.ImportedFile;
import dev.mixlab.eval.importers.ResultImporters;
import dev.mixlab.mixtures.WorkDir;
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
 * {@code mixlab eval}: evaluation results of runs. {@code import} attaches external results (lm-evaluation-harness,
 * bigcode harness, judge verdicts) to a run. The command itself takes no arguments yet: evaluating trained runs
 * with the proxy evaluator ({@code mixlab eval RUN | --all FILE.yaml}) arrives with the training launcher.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluation results of runs (docs/EVAL.md): 'mixlab eval import PATH... --run NAME' attaches lm-eval-harness, "
                + "bigcode-harness or judge results to a run or an external model."},
        subcommands = EvalCommand.Import.class)
final class EvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        err.println("mixlab eval: name a subcommand, e.g. 'mixlab eval import results.json --run my-run'");
        command.commandLine().usage(err);
        err.flush();
        return ExitCodes.INVALID;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import evaluation results into WORKDIR/results/ (one Parquet file per imported file; importing a file again replaces it).",
                    "PATH is an lm-evaluation-harness results JSON (0.3 or 0.4; samples_<task>_<time>.jsonl next to it from --log_samples are "
                            + "imported too), a bigcode-evaluation-harness evaluation_results.json, pairwise judge verdicts (.jsonl: model_a, "
                            + "model_b, verdict win|tie|loss), or a directory holding results*.json / evaluation_results.json files.",
                    "All files are read before anything is stored: one malformed file stores nothing (exit 2)."})
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Results files or directories of them.")
        List<Path> paths;

        @Option(names = "--run", paramLabel = "NAME",
                description = "The run id (e.g. code-25-tiny-s1234) or external model name the results belong to. "
                        + "Required except for judge verdicts, which name their models (there it keeps only NAME's win-rates).")
        String run;

        @Option(names = "--phase", paramLabel = "PHASE", description = "The phase or checkpoint evaluated (default: none, i.e. the finished run).")
        String phase;

        @Mixin
        WorkDirOption workDir;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            WorkDir dir = workDir.resolve(null);
            List<ResultsStore.StoredImport> stored;
            try {
                List<Path> files = paths.stream().flatMap(p -> ResultImporters.resultFiles(p).stream()).toList();
                stored = ResultsStore.open(dir.root()).importFiles(files, run, phase);
            } catch (EvalInputException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = command.commandLine().getOut();
            for (ResultsStore.StoredImport s : stored) {
                ImportedFile file = s.imported();
                long runs = file.results().stream().map(r -> r.run()).distinct().count();
                out.printf(Locale.ROOT, "%s: %d results%s (%s) for %s -> %s%n", file.file(), file.results().size(),
                        file.samples().isEmpty() ? "" : String.format(Locale.ROOT, ", %d per-example scores", file.samples().size()),
                        file.format().description(), run != null ? run : runs + " judged models", dir.root().relativize(s.parquet()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
