package dev.mixlab.cli;

import dev.mixlab.eval.ResultsStore;
import dev.mixlab.filters.Suggestions;
import dev.mixlab.io.OutputLock;
import dev.mixlab.launcher.Launcher;
import dev.mixlab.launcher.backend.TrainingBackend;
import dev.mixlab.launcher.backend.TrainingBackend.PhaseFailedException;
import dev.mixlab.launcher.proxy.ProxyTrainer.ManifestChangedException;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.ModelSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SearchSpec;
import dev.mixlab.mixtures.spec.TokenCounts;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.mix.Mixer;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.search.Observations;
import dev.mixlab.search.RunMetrics;
import dev.mixlab.search.SearchAnalysis;
import dev.mixlab.search.SearchResult;
import dev.mixlab.search.SwarmDesign;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.io.OlmixCsv;
import dev.mixlab.search.io.ProposalJson;
import dev.mixlab.search.io.SwarmFile;
import dev.mixlab.search.report.SearchReport;
import dev.mixlab.search.swarm.InfeasibleSwarmException;
import dev.mixlab.search.swarm.SwarmSampler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stages of {@code mixlab search FILE.yaml}, each built on the ordinary machinery and skipping
 * finished work: curate ({@link Curator}), draw the swarm ({@link SwarmDesign}), build its mixtures
 * ({@link Mixer}), train ({@link Launcher}) and evaluate (the proxy evaluator) one run per mixture,
 * fit and propose ({@link SearchAnalysis}), then train the proposal with a fresh seed and report
 * predicted against measured.
 */
final class SwarmSearch {
    private static final String PHASE = "pretrain";
    private static final int STAGES = 6;

    private final AblationSpec spec;
    private final SearchSpec search;
    private final WorkDir dir;
    private final RunnerChoice runner;
    private final String backendOverride;
    private final PrintWriter out;
    private final Path searchDir;

    SwarmSearch(
            AblationSpec spec,
            WorkDir dir,
            RunnerChoice runner,
            String backendOverride,
            PrintWriter out) {
        this.spec = spec;
        this.search = spec.search();
        this.dir = dir;
        this.runner = runner;
        this.backendOverride = backendOverride;
        this.out = out;
        this.searchDir = dir.search(search.name());
    }

    /**
     * Runs the search under the lock of {@code search/<name>/} (a dry run writes nothing there), so
     * a second search of the same name stops before it draws or writes anything.
     */
    void run(boolean dryRun) {
        try (OutputLock lock = dryRun ? null : dir.store().lock(searchDir, "mixlab search")) {
            search(dryRun);
        }
    }

    private void search(boolean dryRun) {
        String backendName = backendOverride != null ? backendOverride : spec.training().backend();
        if (backendName.equals("proxy")) checkObjectiveIsMeasured();
        stage(1, "curate the sources (up-to-date pools are reused) on " + runner.describe());
        Curator curator = new Curator(spec, dir, runner, ReadLimits.DEFAULT, Terminal.err());
        Map<String, Long> supply = new LinkedHashMap<>();
        for (Curator.PoolResult pool : CurateCommand.curate(curator, List.of(), false, out))
            supply.put(pool.source(), pool.stats().trainTokens());
        SwarmDesign design = new SwarmDesign(spec, supply);

        stage(2, "draw the swarm");
        SwarmSampler.Swarm swarm = draw(design);
        List<SwarmFile.Member> members = members(design, swarm);
        describeSwarm(design, swarm, dryRun);
        int needed = SearchSpec.minimumRuns(design.domains().size() - search.fixed().size());
        if (swarm.members().size() < needed)
            throw new UsageException(
                    "the grid ("
                            + search.grid()
                            + ") and the repetition caps leave only "
                            + swarm.members().size()
                            + " distinct mixtures, and fitting needs at least "
                            + needed
                            + "; use a finer search.grid, wider concentrations or higher max_repetition");
        if (dryRun) {
            out.println("dry run: nothing built or trained");
            return;
        }
        keepSwarm(design, members);

        List<MixtureSpec> mixtures = design.mixtures(swarm.members());
        List<RunSpec> runs =
                mixtures.stream().map(m -> design.run(m.name(), search.seed())).toList();
        AblationSpec withSwarm = spec.withGenerated(mixtures, runs);

        stage(3, "build the swarm's " + mixtures.size() + " mixtures on " + runner.describe());
        List<Mixer.MixResult> built =
                MixCommand.mixer(withSwarm, dir, runner)
                        .mix(mixtures.stream().map(MixtureSpec::name).toList(), false);
        long reused = built.stream().filter(Mixer.MixResult::reused).count();
        out.printf(
                Locale.ROOT,
                "%d mixtures of %s tokens: %d built, %d up to date, under %s%n",
                built.size(),
                TokenCounts.format(search.tokens()),
                built.size() - reused,
                reused,
                dir.mixtures());

        stage(4, "train and evaluate " + runs.size() + " proxy runs (finished ones are skipped)");
        List<String> failed = trainAndEvaluate(withSwarm, runs, backendName);

        stage(5, "fit the mixing laws and propose a mixture");
        Observations observations = observations(design.domains(), members, dir);
        OlmixCsv.write(searchDir, observations);
        SearchResult result = analyse(design, observations, failed);
        SearchCommand.printOutcome(out, result);
        double[] rounded = SwarmDesign.roundForBuilding(result.proposal().weights());
        Map<String, Double> sourceWeights = design.sourceWeights(rounded);
        writeReport(design, swarm, result, sourceWeights, null, failed);

        ProposalJson.Check check = null;
        if (search.check()) {
            String mixture = design.checkMixtureName(rounded);
            RunSpec checkRun = design.run(mixture, design.checkSeed());
            stage(
                    6,
                    "check the proposal: train "
                            + checkRun.id()
                            + " (seed "
                            + design.checkSeed()
                            + ")");
            AblationSpec withCheck =
                    withSwarm.withGenerated(
                            List.of(design.mixture(mixture, rounded)), List.of(checkRun));
            MixCommand.mixer(withCheck, dir, runner).mix(List.of(mixture), false);
            List<String> checkFailed = trainAndEvaluate(withCheck, List.of(checkRun), backendName);
            Map<String, Double> measured =
                    RunMetrics.byRun(results(), List.of(checkRun.id()), PHASE)
                            .getOrDefault(checkRun.id(), Map.of());
            Map<String, Double> objectiveMetrics = new LinkedHashMap<>();
            boolean complete = true;
            for (String metric : search.objective().weights().keySet()) {
                Double value = measured.get(metric);
                if (value == null) complete = false;
                else objectiveMetrics.put(metric, value);
            }
            if (complete) {
                objectiveMetrics.put("objective", search.objective().value(objectiveMetrics::get));
                check = new ProposalJson.Check(checkRun.id(), mixture, rounded, objectiveMetrics);
                SearchResult.Estimate predicted = result.proposal().objective();
                out.printf(
                        Locale.ROOT,
                        "   check %s: measured objective %.4f, predicted %s%n",
                        checkRun.id(),
                        objectiveMetrics.get("objective"),
                        SearchCommand.estimate(predicted));
                writeReport(design, swarm, result, sourceWeights, check, failed);
            } else {
                out.println(
                        "   check "
                                + checkRun.id()
                                + (checkFailed.isEmpty()
                                        ? " has no results for every objective metric yet; import them with 'mixlab eval import … --run "
                                                + checkRun.id()
                                                + "' and run the search again"
                                        : " failed; the report has no check"));
            }
        }
        out.println(
                "Search:   "
                        + searchDir
                        + "/ (swarm.csv, ratios.csv, metrics.csv, proposal.json, report.md)");
        out.println("Proposal: " + searchDir.resolve(ProposalJson.FILE_NAME));
        out.println("Report:   " + searchDir.resolve(SearchReport.HTML));
    }

    private void stage(int number, String what) {
        out.printf("== search %s %d/%d: %s%n", search.name(), number, STAGES, what);
        out.flush();
    }

    /**
     * With the proxy backend the metrics are known before anything trains, so a misspelt objective
     * fails now rather than after the swarm.
     */
    private void checkObjectiveIsMeasured() {
        List<String> produced = RunMetrics.proxyMetrics(spec);
        for (String metric : search.objective().weights().keySet()) {
            if (!produced.contains(metric)) {
                throw new UsageException(
                        "search.objective names metric '"
                                + metric
                                + "', which no run will have"
                                + Suggestions.didYouMean(metric, produced)
                                + "; the proxy evaluation of "
                                + spec.file()
                                + " measures: "
                                + String.join(", ", produced));
            }
        }
    }

    private SwarmSampler.Swarm draw(SwarmDesign design) {
        try {
            return dev.mixlab.search.swarm.SwarmSampler.draw(design.samplerSettings());
        } catch (InfeasibleSwarmException e) {
            throw new UsageException(
                    "no swarm mixture fits the repetition caps ("
                            + e.getMessage()
                            + "): "
                            + design.describeCap(e.domain(), search.tokens())
                            + "; raise search.max_repetition."
                            + e.domain()
                            + ", lower search.tokens, or fix the weight of '"
                            + e.domain()
                            + "' below that share");
        }
    }

    private static List<SwarmFile.Member> members(SwarmDesign design, SwarmSampler.Swarm swarm) {
        List<SwarmFile.Member> members = new ArrayList<>();
        for (int i = 0; i < swarm.members().size(); i++) {
            String mixture = design.search().memberName(i + 1);
            members.add(
                    new SwarmFile.Member(
                            mixture,
                            design.run(mixture, design.search().seed()).id(),
                            swarm.members().get(i)));
        }
        return members;
    }

    private void describeSwarm(SwarmDesign design, SwarmSampler.Swarm swarm, boolean everyMember) {
        out.printf(
                Locale.ROOT,
                "%d mixtures from %d draws (%d over a repetition cap, %d duplicates) around the prior %s%n",
                swarm.members().size(),
                swarm.draws(),
                swarm.rejected(),
                swarm.duplicates(),
                weights(design.domains(), design.priorWeights()));
        if (swarm.members().size() < search.swarmSize())
            out.printf(
                    Locale.ROOT,
                    "note: %d of the %d requested: the grid (%s) and the caps leave no more distinct mixtures within %d draws%n",
                    swarm.members().size(),
                    search.swarmSize(),
                    search.grid(),
                    swarm.draws());
        double[] caps = design.caps(search.tokens());
        for (int j = 0; j < caps.length; j++)
            if (caps[j] < 1)
                out.println("cap: " + design.describeCap(design.domains().get(j), search.tokens()));
        if (everyMember) {
            for (int i = 0; i < swarm.members().size(); i++)
                out.printf(
                        "  %s  %s%n",
                        search.memberName(i + 1),
                        weights(design.domains(), swarm.members().get(i)));
        }
    }

    /**
     * Writes swarm.csv the first time; afterwards the swarm must be the one on file, or mixture
     * names would mean different mixtures in different runs of the search.
     */
    private void keepSwarm(SwarmDesign design, List<SwarmFile.Member> members) {
        Path file = searchDir.resolve(SwarmFile.NAME);
        if (Files.isRegularFile(file)) {
            String difference = SwarmFile.difference(file, design.domains(), members);
            if (difference != null)
                throw new UsageException(
                        file
                                + " holds another swarm than the spec draws now ("
                                + difference
                                + "): the search settings or the pools changed since it was drawn. Give the search a new "
                                + "search.name to start a new swarm (the old one's runs stay), or delete "
                                + searchDir
                                + " to draw this one under the old name");
            out.println("swarm: " + file + " (unchanged)");
        } else {
            SwarmFile.write(file, design.domains(), members);
            out.println("swarm: " + file);
        }
    }

    /**
     * Trains each run on its own, so one failure does not stop the swarm, then evaluates the
     * finished ones (proxy backend). Returns the runs that failed.
     */
    private List<String> trainAndEvaluate(
            AblationSpec withRuns, List<RunSpec> runs, String backendName) {
        DjlCache.configure(dir);
        Launcher launcher = new Launcher(withRuns, dir);
        TrainingBackend backend;
        try {
            backend = launcher.backend(backendOverride);
        } catch (Launcher.LaunchException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> failed = new ArrayList<>();
        for (RunSpec run : runs) {
            try {
                launcher.train(List.of(run), backend, Set.of(), Terminal.out());
            } catch (Launcher.LaunchException | ManifestChangedException e) {
                throw new UsageException(e.getMessage());
            } catch (PhaseFailedException e) {
                failed.add(run.id());
                out.println(
                        run.id()
                                + ": failed ("
                                + e.getMessage()
                                + "); continuing with the other runs");
                out.flush();
            }
        }
        List<RunSpec> finished =
                runs.stream()
                        .filter(
                                r ->
                                        RunRecord.read(dir.run(r.id()))
                                                .map(
                                                        rec ->
                                                                rec.status()
                                                                        == RunRecord.Status
                                                                                .completed)
                                                .orElse(false))
                        .toList();
        if (!backendName.equals("proxy")) {
            out.println(
                    "backend "
                            + backendName
                            + ": the proxy evaluation needs proxy checkpoints; import each run's results with "
                            + "'mixlab eval import PATH --run RUN --phase "
                            + PHASE
                            + "'; runs without results are left out of the fit");
        } else if (!finished.isEmpty()) {
            EvalCommand.evaluateAndImport(withRuns, dir, finished, false, out);
        }
        return failed;
    }

    private SearchResult analyse(
            SwarmDesign design, Observations observations, List<String> failed) {
        try {
            return SearchCommand.analyse(
                    observations,
                    new SearchAnalysis.Settings(
                            search.objective(),
                            ModelKind.of(search.proposeWith()),
                            design.priorWeights(),
                            design.proposalBox(),
                            search.klPenalty(),
                            search.folds(),
                            search.bootstrap(),
                            search.seed(),
                            search.extrapolate()));
        } catch (CommandFailure e) {
            throw new CommandFailure(
                    e.getMessage()
                            + (failed.isEmpty()
                                    ? ""
                                    : "; failed runs: "
                                            + String.join(", ", failed)
                                            + " (see train.log)"));
        }
    }

    private List<dev.mixlab.eval.EvalResult> results() {
        return ResultsStore.open(dir.root()).results();
    }

    /** The swarm's weights and every run's metrics at its pretrain phase (NaN where missing). */
    private static Observations observations(
            List<String> domains, List<SwarmFile.Member> members, WorkDir dir) {
        List<String> runs = members.stream().map(SwarmFile.Member::run).toList();
        Map<String, Map<String, Double>> byRun =
                RunMetrics.byRun(ResultsStore.open(dir.root()).results(), runs, PHASE);
        Set<String> metricNames = new LinkedHashSet<>();
        byRun.values().forEach(m -> metricNames.addAll(m.keySet()));
        List<String> metrics = new ArrayList<>(metricNames);
        double[][] weights = new double[members.size()][];
        double[][] values = new double[members.size()][metrics.size()];
        for (int i = 0; i < members.size(); i++) {
            weights[i] = members.get(i).weights();
            Map<String, Double> measured = byRun.getOrDefault(runs.get(i), Map.of());
            for (int m = 0; m < metrics.size(); m++)
                values[i][m] = measured.getOrDefault(metrics.get(m), Double.NaN);
        }
        return new Observations(runs, domains, weights, metrics, values);
    }

    /** The stored swarm of {@code spec} with its runs' metrics ({@code mixlab search export}). */
    static Observations exported(AblationSpec spec, WorkDir dir) {
        Path file = dir.search(spec.search().name()).resolve(SwarmFile.NAME);
        if (!Files.isRegularFile(file))
            throw new UsageException(
                    "no swarm at " + file + "; run 'mixlab search " + spec.file() + "' first");
        SwarmFile.Stored stored;
        try {
            stored = SwarmFile.read(file);
        } catch (dev.mixlab.search.SearchInputException e) {
            throw new UsageException(e.getMessage());
        }
        return observations(stored.domains(), stored.members(), dir);
    }

    private void writeReport(
            SwarmDesign design,
            SwarmSampler.Swarm swarm,
            SearchResult result,
            Map<String, Double> sourceWeights,
            ProposalJson.Check check,
            List<String> failed) {
        ProposalJson.write(searchDir, result, sourceWeights, check);
        ModelSpec model = spec.models().get(search.model());
        List<String> facts = new ArrayList<>();
        facts.add(
                String.format(
                        Locale.ROOT,
                        "Swarm: %d mixtures of %s tokens drawn around the prior %s (Dirichlet concentrations %s–%s, %d log-spaced; grid %s; %d draws, %d over a repetition cap, %d duplicates); swarm.csv.",
                        swarm.members().size(),
                        TokenCounts.format(search.tokens()),
                        weights(design.domains(), design.priorWeights()),
                        search.concentrationMin(),
                        search.concentrationMax(),
                        search.concentrationSteps(),
                        search.grid(),
                        swarm.draws(),
                        swarm.rejected(),
                        swarm.duplicates()));
        facts.add(
                String.format(
                        Locale.ROOT,
                        "Proxy runs: model %s (d_model %d, %d layers), seed %d; %d failed%s.",
                        model.name(),
                        model.dModel(),
                        model.nLayers(),
                        search.seed(),
                        failed.size(),
                        failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")"));
        double[] caps = design.caps(search.targetTokens());
        for (int j = 0; j < caps.length; j++)
            if (caps[j] < 1)
                facts.add(
                        "Proposal cap: "
                                + design.describeCap(design.domains().get(j), search.targetTokens())
                                + ".");
        SearchReport.write(
                searchDir,
                result,
                new SearchReport.Context(
                        search.name(), facts, design.codeFraction(), sourceWeights, check));
    }

    private static String weights(List<String> domains, double[] weights) {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < domains.size(); j++)
            text.append(j == 0 ? "" : " ")
                    .append(domains.get(j))
                    .append(String.format(Locale.ROOT, " %.3f", weights[j]));
        return text.toString();
    }
}
