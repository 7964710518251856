package dev.mixlab.cli;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.search.Observations;
import dev.mixlab.search.SearchAnalysis;
import dev.mixlab.search.SearchInputException;
import dev.mixlab.search.SearchResult;
import dev.mixlab.search.TooFewRunsException;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.io.OlmixCsv;
import dev.mixlab.search.io.ProposalJson;
import dev.mixlab.search.propose.Box;
import dev.mixlab.search.report.SearchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mixlab search FILE.yaml}: the spec's mixture search end to end ({@link SwarmSearch});
 * {@code import} fits and proposes from olmix-style CSVs of a swarm trained elsewhere; {@code
 * export} writes a mixlab swarm in that layout.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search the mixture that minimises an objective (docs/SEARCH.md): draw a swarm of mixtures around a prior within the "
                    + "repetition caps, train and evaluate a small proxy run on each (ordinary runs), fit mixing laws to their metrics, "
                    + "propose the best mixture under the constraints with bootstrap intervals, and train it to check the prediction.",
            "Everything goes to WORKDIR/search/<name>/ (swarm.csv, ratios.csv, metrics.csv, proposal.json, report.md, report.html). "
                    + "Rerunning skips finished pools, mixtures, runs and evaluations.",
            "'mixlab search import' fits swarms trained elsewhere (olmix CSVs); 'mixlab search export' writes this swarm as such CSVs."
        },
        subcommands = {SearchCommand.Import.class, SearchCommand.Export.class})
final class SearchCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "FILE.yaml",
            description = "The ablation spec with a search: section.")
    Path file;

    @Mixin WorkDirOption workDir;

    @Mixin RunnerOptions runner;

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description =
                    "Override training.backend: proxy, command or slurm (with command or slurm, import each run's results with 'mixlab eval import').")
    String backend;

    @Option(
            names = "--dry-run",
            description =
                    "Curate the pools (the caps and the natural prior need their sizes), draw the swarm and print it; build and train nothing.")
    boolean dryRun;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (file == null)
            throw new UsageException(
                    "give the spec (mixlab search FILE.yaml), or use 'mixlab search import' / 'mixlab search export'");
        AblationSpec spec = SpecLoader.load(file);
        if (spec.search() == null)
            throw new UsageException(
                    file
                            + " has no search: section; add one (docs/SEARCH.md) or use 'mixlab search import'");
        WorkDir dir = workDir.resolve(spec);
        PrintWriter out = command.commandLine().getOut();
        new SwarmSearch(spec, dir, runner.choice(), backend, out).run(dryRun);
        out.flush();
        return ExitCodes.OK;
    }

    /** Runs the analysis, mapping its input errors to exit 2 and a short swarm to exit 1. */
    static SearchResult analyse(Observations observations, SearchAnalysis.Settings settings) {
        try {
            return SearchAnalysis.analyse(observations, settings);
        } catch (SearchInputException e) {
            throw new UsageException(e.getMessage());
        } catch (TooFewRunsException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** The proposal and the quality of its fit, in a few lines. */
    static void printOutcome(PrintWriter out, SearchResult result) {
        for (ModelKind kind : ModelKind.values()) {
            var q = result.objectiveQuality().get(kind);
            out.printf(
                    Locale.ROOT,
                    "   fit %-10s objective over %d runs, %d-fold: R² %.3f, Spearman %.3f, decision accuracy %.3f%s%n",
                    kind.label(),
                    q.runs(),
                    result.folds(),
                    q.r2(),
                    q.spearman(),
                    q.decisionAccuracy(),
                    kind == result.proposeWith() ? " (proposes)" : "");
        }
        StringBuilder weights = new StringBuilder();
        for (int j = 0; j < result.domains().size(); j++)
            weights.append(
                    String.format(
                            Locale.ROOT,
                            " %s %.3f",
                            result.domains().get(j),
                            result.proposal().weights()[j]));
        SearchResult.Estimate predicted = result.proposal().objective();
        out.printf(
                Locale.ROOT,
                "   proposal:%s; predicted objective %s (best swarm run %s measured %.4f, prior predicted %.4f)%n",
                weights,
                estimate(predicted),
                result.bestRun(),
                result.best().measured().get("objective"),
                result.prior().objective().value());
        result.notes().forEach(n -> out.println("   note: " + n));
    }

    /** {@code 5.7108 [5.6878, 5.7741]}: a prediction and its bootstrap interval. */
    static String estimate(SearchResult.Estimate estimate) {
        return String.format(Locale.ROOT, "%.4f", estimate.value())
                + (estimate.interval() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " [%.4f, %.4f]",
                                estimate.interval().low(),
                                estimate.interval().high()));
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Fit a swarm trained elsewhere and propose a mixture, from olmix-compatible CSVs; no spec is needed.",
                "ratios.csv: a run column (run_id or run) and one column per domain, each row summing to 1 (±0.01). "
                        + "metrics.csv: the run column and one column per metric. Writes proposal.json, report.md and report.html into --out."
            })
    static final class Import extends WritesToOutDir {
        @Option(
                names = "--ratios",
                required = true,
                paramLabel = "FILE",
                description = "ratios.csv: run_id, one column per domain.")
        Path ratios;

        @Option(
                names = "--metrics",
                required = true,
                paramLabel = "FILE",
                description = "metrics.csv: run_id, one column per metric.")
        Path metrics;

        @Option(
                names = "--objective",
                required = true,
                paramLabel = "EXPR",
                description =
                        "Metric names combined: 'mean(a,b)', '0.7*a + 0.3*b'; lower is better unless prefixed 'max:'.")
        String objective;

        @Option(
                names = "--max-weight",
                paramLabel = "DOMAIN=W",
                description = "Upper bound of a domain's weight (repeatable).")
        Map<String, Double> maxWeight = new LinkedHashMap<>();

        @Option(
                names = "--min-weight",
                paramLabel = "DOMAIN=W",
                description = "Lower bound of a domain's weight (repeatable).")
        Map<String, Double> minWeight = new LinkedHashMap<>();

        @Option(
                names = "--prior",
                paramLabel = "DOMAIN=W",
                description =
                        "The prior of the KL penalty and the prior baseline (default: the swarm's mean mixture).")
        Map<String, Double> prior = new LinkedHashMap<>();

        @Option(
                names = "--kl-penalty",
                paramLabel = "X",
                description =
                        "Weight of KL(proposal ‖ prior) added to the objective (default: ${DEFAULT-VALUE}).")
        double klPenalty = 0;

        @Option(
                names = "--propose-with",
                paramLabel = "MODEL",
                description = "log-linear (default) or log-ridge.")
        String proposeWith = "log-linear";

        @Option(
                names = "--extrapolate",
                description =
                        "Let the proposal leave each domain's range of weights in the swarm (by default it stays where the laws were fitted).")
        boolean extrapolate;

        @Option(
                names = "--folds",
                paramLabel = "K",
                description = "k-fold cross-validation (default: ${DEFAULT-VALUE}).")
        int folds = 5;

        @Option(
                names = "--bootstrap",
                paramLabel = "N",
                description = "Bootstrap resamples for intervals (default: ${DEFAULT-VALUE}).")
        int bootstrap = 200;

        @Option(
                names = "--seed",
                paramLabel = "N",
                description = "Seed of the folds and the bootstrap (default: ${DEFAULT-VALUE}).")
        long seed = 0;

        @Override
        public Integer call() {
            Objective parsed;
            ModelKind kind;
            try {
                parsed = Objective.parse(objective);
                kind = ModelKind.of(proposeWith);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (folds < 2) throw new UsageException("--folds must be ≥ 2");
            if (bootstrap < 0) throw new UsageException("--bootstrap must be ≥ 0");
            if (klPenalty < 0) throw new UsageException("--kl-penalty must be ≥ 0");
            OlmixCsv.Loaded loaded;
            try {
                loaded = OlmixCsv.read(ratios, metrics);
            } catch (SearchInputException e) {
                throw new UsageException(e.getMessage());
            }
            Observations observations = loaded.observations();
            List<String> domains = observations.domains();
            int d = domains.size();
            double[] lower = new double[d], upper = new double[d];
            java.util.Arrays.fill(upper, 1);
            bounds(minWeight, "--min-weight", domains, lower);
            bounds(maxWeight, "--max-weight", domains, upper);
            double[] priorWeights = new double[d];
            if (prior.isEmpty()) {
                for (double[] row : observations.weights())
                    for (int j = 0; j < d; j++)
                        priorWeights[j] += row[j] / observations.runs().size();
            } else {
                bounds(prior, "--prior", domains, priorWeights);
                double sum = java.util.Arrays.stream(priorWeights).sum();
                if (prior.size() != d || Math.abs(sum - 1) > 1e-6)
                    throw new UsageException(
                            "--prior must give every domain ("
                                    + String.join(", ", domains)
                                    + ") a weight, summing to 1; found "
                                    + prior);
            }
            SearchResult result =
                    analyse(
                            observations,
                            new SearchAnalysis.Settings(
                                    parsed,
                                    kind,
                                    priorWeights,
                                    new Box(lower, upper),
                                    klPenalty,
                                    folds,
                                    bootstrap,
                                    seed,
                                    extrapolate));
            Path dir =
                    (outDir != null ? outDir : workDir.resolve(null).search("import"))
                            .toAbsolutePath()
                            .normalize();
            PrintWriter out = command.commandLine().getOut();
            List<String> facts = new ArrayList<>();
            facts.add(
                    String.format(
                            Locale.ROOT,
                            "Imported %d runs × %d domains from %s and %d metrics from %s.",
                            observations.runs().size(),
                            d,
                            ratios,
                            observations.metrics().size(),
                            metrics));
            facts.addAll(loaded.notes());
            Path html;
            try (OutputLock lock = lockOutput(dir, "mixlab search import")) {
                ProposalJson.write(dir, result, null, null);
                double[] code = new double[d];
                int codeDomain = domains.indexOf("code");
                if (codeDomain >= 0) code[codeDomain] = 1;
                html =
                        SearchReport.write(
                                dir,
                                result,
                                new SearchReport.Context(
                                        dir.getFileName().toString(),
                                        facts,
                                        codeDomain >= 0 ? code : null,
                                        null,
                                        null));
            }
            loaded.notes().forEach(n -> out.println("note: " + n));
            out.printf(
                    Locale.ROOT,
                    "imported %d runs, %d domains (%s)%n",
                    observations.runs().size(),
                    d,
                    String.join(", ", domains));
            printOutcome(out, result);
            out.println("proposal: " + dir.resolve(ProposalJson.FILE_NAME));
            out.println("report: " + html);
            out.flush();
            return ExitCodes.OK;
        }

        private static void bounds(
                Map<String, Double> given, String option, List<String> domains, double[] into) {
            for (Map.Entry<String, Double> e : given.entrySet()) {
                int j = domains.indexOf(e.getKey());
                if (j < 0)
                    throw new UsageException(
                            option
                                    + " "
                                    + e.getKey()
                                    + ": no such domain in ratios.csv"
                                    + Suggestions.didYouMean(e.getKey(), domains)
                                    + "; domains: "
                                    + String.join(", ", domains));
                if (!(e.getValue() >= 0 && e.getValue() <= 1))
                    throw new UsageException(
                            option
                                    + " "
                                    + e.getKey()
                                    + "="
                                    + e.getValue()
                                    + ": a weight must be in [0, 1]");
                into[j] = e.getValue();
            }
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write the spec's swarm as olmix-compatible CSVs: ratios.csv (run_id, one column per domain) and metrics.csv "
                        + "(run_id, one column per metric of the runs' evaluations), for fitting elsewhere or 'mixlab search import'."
            })
    static final class Export extends WritesToOutDir {
        @Parameters(
                paramLabel = "FILE.yaml",
                description = "The ablation spec with a search: section.")
        Path file;

        @Override
        public Integer call() {
            AblationSpec spec = SpecLoader.load(file);
            if (spec.search() == null)
                throw new UsageException(file + " has no search: section (docs/SEARCH.md)");
            WorkDir dir = workDir.resolve(spec);
            Observations observations = SwarmSearch.exported(spec, dir);
            Path out = outDir != null ? outDir : dir.search(spec.search().name());
            try (OutputLock lock =
                    outDir != null
                            ? lockOutput(out, "mixlab search export")
                            : dir.store().lock(out, "mixlab search export")) {
                OlmixCsv.write(out, observations);
            }
            long measured =
                    java.util.Arrays.stream(observations.values())
                            .filter(row -> java.util.Arrays.stream(row).anyMatch(Double::isFinite))
                            .count();
            PrintWriter stdout = command.commandLine().getOut();
            stdout.printf(
                    Locale.ROOT,
                    "exported %d runs (%d with results) × %d domains and %d metrics to %s and %s%n",
                    observations.runs().size(),
                    measured,
                    observations.domains().size(),
                    observations.metrics().size(),
                    out.resolve(OlmixCsv.RATIOS),
                    out.resolve(OlmixCsv.METRICS));
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * What {@code search import} and {@code search export} share: --out, the work directory, the
     * terminal.
     */
    abstract static class WritesToOutDir implements Callable<Integer> {
        @Option(
                names = "--out",
                paramLabel = "DIR",
                description =
                        "Where to write (default: WORKDIR/search/import for import, WORKDIR/search/<name>/ for export).")
        Path outDir;

        @Mixin WorkDirOption workDir;

        @Spec picocli.CommandLine.Model.CommandSpec command;
    }

    /**
     * The lock of an output directory given on the command line, so two commands never write the
     * same proposal or CSVs at once; a bucket that does not answer is refused first (exit 2).
     */
    static OutputLock lockOutput(Path dir, String command) {
        Path absolute = dir.toAbsolutePath().normalize();
        WorkDirOption.checkReachable(absolute, "--out");
        return OutputStore.of(absolute.getParent(), "the directory " + absolute.getParent())
                .lock(absolute, command);
    }
}
