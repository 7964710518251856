package dev.mixlab.cli;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.proxy.ProxyResultsJson;
import dev.mixlab.launcher.Launcher;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureInspector;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.mix.Mixer;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.samples.SampleCorpora;
import dev.mixlab.samples.SampleReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = {
            "The whole ablation on the sample corpora, end to end: sample → plan → curate → mix → inspect (embedded Flink) "
                    + "→ train the proxy runs → evaluate them → compare. Completed stages are reused. Prints where everything is."
        })
final class QuickstartCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE.yaml",
            description = "Ablation spec (default: ${DEFAULT-VALUE}).")
    Path config = Quickstart.home().resolve("configs/quickstart.yaml");

    @Option(
            names = "--sample",
            paramLabel = "DIR",
            description =
                    "Where the sample corpora go; the spec's inputs must point there (default: ${DEFAULT-VALUE}).")
    Path sample = Quickstart.home().resolve("data/sample");

    @Mixin WorkDirOption workDir;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        out.println("== 1/8 sample corpora → " + sample);
        out.flush();
        SampleReport report = SampleCorpora.build(sample, false, Terminal.err());
        out.print(report.toTable());

        out.println();
        out.println("== 2/8 plan " + config);
        AblationSpec spec = SpecLoader.load(config);
        WorkDir dir = workDir.resolve(spec);
        AblationPlan plan = new AblationPlan(spec, dir, ReadLimits.DEFAULT.toString());
        if (!plan.missingInputs().isEmpty()) {
            throw new UsageException(
                    "the quickstart spec's inputs do not point at the sample: "
                            + String.join("; ", plan.missingInputMessages()));
        }
        out.print(plan.toText());

        RunnerChoice runner = RunnerChoice.embeddedFlink();
        Curator curator = new Curator(spec, dir, runner, ReadLimits.DEFAULT, Terminal.err());
        out.println();
        out.println("== 3/8 curate every source on " + runner.describe());
        CurateCommand.curate(curator, List.of(), false, out);

        out.println();
        out.println("== 4/8 mix every mixture on " + runner.describe());
        out.flush();
        List<Mixer.MixResult> mixtures = MixCommand.mixer(spec, dir, runner).mix(List.of(), false);
        MixCommand.print(out, mixtures);

        out.println();
        out.println("== 5/8 inspect (verify shards, shares and order)");
        List<String> failed = new ArrayList<>();
        for (Mixer.MixResult mixture : mixtures) {
            MixtureInspector.Report verified = MixtureInspector.verify(mixture.dir());
            out.print(InspectCommand.summary(mixture.dir(), verified));
            if (!verified.ok()) failed.add(mixture.mixture());
        }
        if (!failed.isEmpty())
            throw new CommandFailure(
                    "verification failed for "
                            + String.join(", ", failed)
                            + "; see the summaries above");

        out.println();
        out.println("== 6/8 train the proxy runs (completed runs are skipped)");
        out.flush();
        DjlCache.configure(dir);
        Launcher launcher = new Launcher(spec, dir);
        Launcher.Summary trained =
                launcher.train(
                        launcher.select(List.of()),
                        launcher.backend(null),
                        Set.of(),
                        Terminal.out());
        out.printf(
                "trained %d run(s), %d already complete%n",
                trained.trained().size(), trained.skipped().size());

        out.println();
        out.println("== 7/8 evaluate the proxy runs (bits per byte per source, probes)");
        out.flush();
        EvalCommand.evaluateAndImport(spec, dir, launcher.select(List.of()), false, out);

        out.println();
        out.println("== 8/8 compare the mixtures");
        // The same report as `compare --ablation`, clean-item scores included when the spec names
        // decontamination sets.
        CompareCommand.Reported reported =
                CompareCommand.reportAblation(
                        spec,
                        dir,
                        ResultsStore.open(dir.root()),
                        null,
                        CategorySet.forSpec(spec),
                        dir.store().inside(dir.report(spec.name()), "write"));
        CompareCommand.printContamination(out, reported);
        Path reportHtml = reported.written().html();
        printBitsPerByte(out, spec, ResultsStore.open(dir.root()));
        out.println();
        out.println("Sample corpora: " + sample);
        out.println("Work directory: " + dir.root());
        out.println(
                "Pools:          "
                        + dir.pools()
                        + "/<source>-<fingerprint>/ (stats.json, quarantine.jsonl)");
        out.println(
                "Mixtures:       "
                        + dir.mixtures()
                        + "/<mixture>/ (part-*.parquet, validation/, manifest.json)");
        out.println(
                "Look inside:    mixlab inspect "
                        + dir.mixture(mixtures.get(0).mixture())
                        + " --decode 2");
        out.println(
                "Runs:           "
                        + dir.runs()
                        + "/<run-id>/ (run.json, metrics.csv, train.log, checkpoints/, eval/)");
        out.println(
                "Results:        "
                        + dir.results()
                        + "/ (Parquet; DuckDB: SELECT * FROM '"
                        + dir.results()
                        + "/*.parquet')");
        out.println(
                "Report:         " + reportHtml + " (charts; report.md and report.csv beside it)");
        LibraryLog.current()
                .ifPresent(
                        log ->
                                out.println(
                                        "Library logs:   "
                                                + log
                                                + " (Flink, Beam, Parquet, DJL; --verbose shows them here)"));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Per run: code share of its mixture and held-out bits per byte of every source (lower is
     * better).
     */
    private static void printBitsPerByte(PrintWriter out, AblationSpec spec, ResultsStore store) {
        List<EvalResult> results = store.results();
        Set<String> tasks = new java.util.HashSet<>();
        results.forEach(r -> tasks.add(r.task()));
        // Sources no mixture uses (markup in the quickstart) have no held-out score: no column.
        List<String> sources =
                spec.sources().stream()
                        .map(SourceSpec::name)
                        .filter(s -> tasks.contains(ProxyResultsJson.bpbTask(s)))
                        .toList();
        out.printf("%-20s %6s", "run", "code");
        for (String source : sources) out.printf(" %12s", source + " bpb");
        out.print("   (bits per byte on each source's held-out documents; lower is better)");
        out.println();
        for (RunSpec run : spec.runs()) {
            String mixture = run.phases().get(run.phases().size() - 1).mixture();
            out.printf(
                    Locale.ROOT,
                    "%-20s %5.0f%%",
                    run.id(),
                    100 * spec.codeShare(spec.mixture(mixture).orElseThrow()));
            for (String source : sources) {
                double bpb =
                        results.stream()
                                .filter(
                                        r ->
                                                r.run().equals(run.id())
                                                        && r.task()
                                                                .equals(
                                                                        ProxyResultsJson.bpbTask(
                                                                                source))
                                                        && r.metric().equals("bpb"))
                                .mapToDouble(EvalResult::value)
                                .reduce((a, b) -> b)
                                .orElse(Double.NaN);
                out.printf(
                        Locale.ROOT,
                        " %12s",
                        Double.isNaN(bpb)
                                ? "— (no held-out docs)"
                                : String.format(Locale.ROOT, "%.3f", bpb));
            }
            out.println();
        }
    }
}
