package dev.mixlab.cli;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.compare.BenchmarkOverlap;
import dev.mixlab.eval.compare.CleanItemScores;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.report.CompareReport;
import dev.mixlab.launcher.Launcher;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.read.ReadLimits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare runs on the paper's categories (or your own) and write report.md, report.csv and a self-contained "
                    + "report.html with charts (docs/EVAL.md).",
            "--ablation FILE.yaml compares the spec's runs (code share from each phase's mixture; default baseline: the lowest code share); "
                    + "--runs A,B,... compares runs or external models by name (RUN or RUN/PHASE; default baseline: the first)."
        })
final class CompareCommand implements Callable<Integer> {
    @Option(
            names = "--ablation",
            paramLabel = "FILE.yaml",
            description = "Compare every run of this ablation spec.")
    Path ablation;

    @Option(
            names = "--runs",
            split = ",",
            paramLabel = "RUN[/PHASE]",
            description = "Compare these runs or external models, in this order.")
    List<String> runs;

    @Option(
            names = "--baseline",
            paramLabel = "RUN",
            description = "The run the others are compared with (RUN or RUN/PHASE).")
    String baseline;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Report directory (default: WORKDIR/reports/<ablation name>, or WORKDIR/reports/compare).")
    Path out;

    @Option(
            names = "--categories",
            paramLabel = "paper|FILE.yaml",
            description = "Categories to report (default: the spec's eval.categories, else paper).")
    String categories;

    @Mixin WorkDirOption workDir;

    @Spec CommandSpec command;

    /**
     * Refuses results the proxy evaluator wrote inside a spec run's directory that no longer exist
     * there: the run was retrained ({@code train --restart}) after they were imported, so they
     * describe a run that is gone.
     */
    private static void requireResultsOfTheCurrentRuns(
            AblationSpec spec, WorkDir dir, ResultsStore store) {
        Set<String> ids = new HashSet<>();
        spec.runs().forEach(r -> ids.add(r.id()));
        Set<String> gone = new TreeSet<>();
        for (EvalResult r : store.results()) {
            if (!ids.contains(r.run())) continue;
            Path source = Path.of(r.sourceFile());
            if (source.startsWith(dir.run(r.run())) && !Files.exists(source)) gone.add(r.run());
        }
        if (gone.isEmpty()) return;
        throw new UsageException(
                "the results of "
                        + String.join(", ", gone)
                        + " were evaluated before the run was retrained (their files under runs/ are gone), so they"
                        + " describe a run that no longer exists; evaluate it again with `mixlab eval "
                        + spec.file()
                        + " --run "
                        + String.join(",", gone)
                        + "`");
    }

    private static Reported writeReport(
            Comparison comparison, String name, WorkDir dir, Path reportDir) {
        return new Reported(
                comparison, CompareReport.write(comparison, name, dir.root(), reportDir));
    }

    @Override
    public Integer call() {
        if ((ablation == null) == (runs == null))
            throw new UsageException(
                    "give either --ablation FILE.yaml or --runs A,B,... (not both)");
        AblationSpec spec =
                ablation == null ? null : StorageSettings.apply(SpecLoader.load(ablation));
        WorkDir dir = workDir.resolve(spec);
        ResultsStore store = ResultsStore.open(dir.root());
        CategorySet categorySet =
                categories != null
                        ? CategorySet.load(categories, null)
                        : spec != null ? CategorySet.forSpec(spec) : CategorySet.paper();
        String name = spec != null ? spec.name() : "compare";
        if (store.results().isEmpty()) {
            throw new EvalInputException(
                    store.directory()
                            + " holds no results; import them first with 'mixlab eval import PATH... --run NAME'"
                            + " (or pass the --workdir they were imported into)");
        }
        if (spec != null && !spec.runs().isEmpty()) {
            new Launcher(spec, dir)
                    .requireCurrent(
                            spec.runs(),
                            null,
                            "their results would be reported as the spec's (compare --runs compares results as imported)");
            requireResultsOfTheCurrentRuns(spec, dir, store);
        }
        if (out != null) WorkDirOption.checkReachable(out, "--out");
        Path reportDir = out != null ? out : dir.store().inside(dir.report(name), "write");
        Reported reported =
                spec != null
                        ? reportAblation(spec, dir, store, baseline, categorySet, reportDir)
                        : writeReport(
                                Comparison.ofRuns(runs, store, baseline, categorySet),
                                name,
                                dir,
                                reportDir);
        Comparison comparison = reported.comparison();
        CompareReport.Written written = reported.written();

        PrintWriter print = command.commandLine().getOut();
        printContamination(print, reported);
        long seedGroups = comparison.subjects().stream().filter(Subject::isSeedGroup).count();
        if (seedGroups == 0) {
            print.printf(
                    Locale.ROOT,
                    "compared %d runs against %s (categories: %s)%n",
                    comparison.subjects().size(),
                    comparison.baseline().label(),
                    categorySet.source());
        } else {
            print.printf(
                    Locale.ROOT,
                    "compared %d runs as %d columns (%d over several seeds: mean, sd, t interval) against %s"
                            + " (categories: %s)%n",
                    comparison.subjects().stream().mapToLong(s -> s.units().size()).sum(),
                    comparison.subjects().size(),
                    seedGroups,
                    CompareReport.heading(comparison.baseline()),
                    categorySet.source());
        }
        List<String> notEvaluated = new ArrayList<>();
        for (Comparison.Row row : comparison.categoryRows()) {
            if (!row.evaluated()) {
                notEvaluated.add(row.title());
                continue;
            }
            String best =
                    row.best()
                            .map(Subject::label)
                            .orElse("— (no run has every task; see Missing tasks)");
            print.printf(Locale.ROOT, "  %-36s best: %s%n", row.title(), best);
        }
        if (!notEvaluated.isEmpty())
            print.printf(
                    Locale.ROOT,
                    "  not evaluated (no results): %s%n",
                    String.join(", ", notEvaluated));
        print.printf(
                Locale.ROOT,
                "report: %s (also %s, %s, %d charts)%n",
                written.html(),
                written.markdown().getFileName(),
                written.csv().getFileName(),
                written.charts().size());
        print.flush();
        return ExitCodes.OK;
    }

    /** A comparison and the report it was written as. */
    record Reported(Comparison comparison, CompareReport.Written written) {}

    /**
     * Compares the runs of {@code spec} and writes the report into {@code out}, with the clean-item
     * scores of the tasks named after a decontamination set (the items any current pool of the
     * ablation overlapped): what {@code compare --ablation} and {@code quickstart --config} both
     * write.
     */
    static Reported reportAblation(
            AblationSpec spec,
            WorkDir dir,
            ResultsStore store,
            String baseline,
            CategorySet categories,
            Path out) {
        BenchmarkOverlap overlap = BenchmarkOverlap.NONE;
        if (spec.decontamination() != null) {
            List<Path> pools = new ArrayList<>();
            for (SourceSpec source : spec.sources())
                pools.add(dir.pool(spec, source, ReadLimits.DEFAULT.toString()));
            overlap = BenchmarkOverlap.ofPools(pools);
        }
        Comparison comparison = Comparison.ofAblation(spec, store, baseline, categories, overlap);
        return new Reported(
                comparison, CompareReport.write(comparison, spec.name(), dir.root(), out));
    }

    /** One line per task with clean-item scores: how many of its items overlap training data. */
    static void printContamination(PrintWriter print, Reported reported) {
        for (CleanItemScores.Row row : reported.comparison().cleanItems())
            print.printf(
                    Locale.ROOT,
                    "  contamination: %s%s: %d of %d items overlap training data (clean-only scores"
                            + " in %s)%n",
                    row.hasOverlap() ? "⚠ " : "",
                    row.task(),
                    row.overlapped(),
                    row.setItems(),
                    reported.written().html().getFileName());
    }
}
