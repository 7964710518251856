package dev.mixlab.cli;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.report.CompareReport;
import dev.mixlab.launcher.Launcher;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Spec picocli.CommandLine.Model.CommandSpec command;

    /**
     * Refuses results the proxy evaluator wrote inside a spec run's directory that no longer exist
     * there: the run was retrained ({@code train --restart}) after they were imported, so they
     * describe a run that is gone.
     */
    private static void requireResultsOfTheCurrentRuns(
            AblationSpec spec, WorkDir dir, ResultsStore store) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        spec.runs().forEach(r -> ids.add(r.id()));
        java.util.Set<String> gone = new java.util.TreeSet<>();
        for (dev.mixlab.eval.EvalResult r : store.results()) {
            if (!ids.contains(r.run())) continue;
            Path source = Path.of(r.sourceFile());
            if (source.startsWith(dir.run(r.run())) && !java.nio.file.Files.exists(source))
                gone.add(r.run());
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
        Comparison comparison =
                spec != null
                        ? Comparison.ofAblation(spec, store, baseline, categorySet)
                        : Comparison.ofRuns(runs, store, baseline, categorySet);
        CompareReport.Written written =
                CompareReport.write(
                        comparison,
                        name,
                        dir.root(),
                        out != null ? out : dir.store().inside(dir.report(name), "write"));

        PrintWriter print = command.commandLine().getOut();
        if (spec != null && spec.decontamination() != null)
            appendContamination(spec, dir, store, comparison, written, print);
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
        List<String> notEvaluated = new java.util.ArrayList<>();
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

    /**
     * Adds the clean-items section to report.md for tasks named after a decontamination set, with
     * the items any current pool of the ablation overlapped.
     */
    static void appendContamination(
            AblationSpec spec,
            WorkDir dir,
            ResultsStore store,
            Comparison comparison,
            CompareReport.Written written,
            PrintWriter print) {
        java.util.Map<String, java.util.Set<Long>> overlapped = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> items = new java.util.LinkedHashMap<>();
        for (dev.mixlab.mixtures.spec.SourceSpec source : spec.sources()) {
            Path pool =
                    dir.pool(spec, source, dev.mixlab.pipelines.read.ReadLimits.DEFAULT.toString());
            java.util.Map<String, java.util.Set<Long>> ids = new java.util.HashMap<>();
            for (var item : dev.mixlab.mixtures.pool.PoolContamination.read(pool)) {
                ids.computeIfAbsent(item.set(), k -> new java.util.HashSet<>()).add(item.docId());
                if (item.docs() > 0)
                    overlapped
                            .computeIfAbsent(item.set(), k -> new java.util.TreeSet<>())
                            .add(item.docId());
            }
            ids.forEach((set, all) -> items.merge(set, (long) all.size(), Math::max));
        }
        List<dev.mixlab.eval.compare.CleanItemScores.Row> rows =
                dev.mixlab.eval.compare.CleanItemScores.of(
                        comparison.subjects(), store.samples(), overlapped, items);
        if (rows.isEmpty()) return;
        try {
            java.nio.file.Files.writeString(
                    written.markdown(),
                    dev.mixlab.eval.compare.CleanItemScores.markdown(rows, comparison.subjects()),
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot write " + written.markdown() + ": " + e.getMessage(), e);
        }
        for (var row : rows)
            print.printf(
                    Locale.ROOT,
                    "  contamination: %s%s: %d of %d items overlap training data (clean-only scores"
                            + " in %s)%n",
                    row.hasOverlap() ? "⚠ " : "",
                    row.task(),
                    row.overlapped(),
                    row.setItems(),
                    written.markdown().getFileName());
    }
}
