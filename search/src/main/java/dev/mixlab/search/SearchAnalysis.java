package dev.mixlab.search;

import dev.mixlab.eval.stats.Interval;
import dev.mixlab.filters.Suggestions;
import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.search.fit.Columns;
import dev.mixlab.search.fit.CrossValidation;
import dev.mixlab.search.fit.FitQuality;
import dev.mixlab.search.fit.LogLinearLaw;
import dev.mixlab.search.fit.MixtureModel;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.propose.Box;
import dev.mixlab.search.propose.PredictedObjective;
import dev.mixlab.search.propose.Proposer;
import dev.mixlab.search.swarm.Dirichlet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fit, cross-validate, propose and bootstrap: everything a search does once its swarm has results,
 * with no knowledge of where they came from (mixlab runs or olmix CSVs).
 */
public final class SearchAnalysis {
    /** Random restarts of the proposer besides the prior, uniform, best run and corners. */
    private static final int RANDOM_STARTS = 4;

    /**
     * @param objective what to minimise or maximise
     * @param proposeWith the model the proposal minimises
     * @param prior domain weights the KL term and the "prior" baseline use (sums to 1)
     * @param box the proposal's bounds: fixed weights, repetition caps, min/max weights
     * @param klPenalty weight of KL(proposal ‖ prior)
     * @param folds k of the k-fold cross-validation
     * @param bootstrap resamples for the intervals (0: none)
     * @param seed seed of the folds, the restarts and the bootstrap
     * @param extrapolate let the proposal leave each domain's range of weights in the swarm
     */
    public record Settings(
            Objective objective,
            ModelKind proposeWith,
            double[] prior,
            Box box,
            double klPenalty,
            int folds,
            int bootstrap,
            long seed,
            boolean extrapolate) {}

    private SearchAnalysis() {}

    /**
     * @throws SearchInputException when the objective names an unknown metric or the bounds admit
     *     no mixture
     * @throws TooFewRunsException when fewer runs measured every objective metric than the
     *     log-linear law has free parameters plus two
     */
    public static SearchResult analyse(Observations all, Settings settings) {
        Objective objective = settings.objective();
        List<String> metrics = new ArrayList<>(objective.weights().keySet());
        int varying =
                all.runs().isEmpty()
                        ? freeDomains(settings.box())
                        : Columns.count(Columns.varying(all.weights()));
        int needed = LogLinearLaw.parameters(varying) + 2;
        // Without a single measurement the swarm is short of results, not the objective wrong.
        if (!all.metrics().isEmpty()) checkMetricsExist(all, metrics);
        int n = all.metrics().isEmpty() ? 0 : all.complete(metrics).runs().size();
        if (n < needed) {
            throw new TooFewRunsException(
                    needed,
                    n,
                    String.format(
                            Locale.ROOT,
                            "fitting needs at least %d finished runs with every objective metric (%s): the log-linear law of %d free domains has %d parameters, plus 2; %d of %d runs have them",
                            needed,
                            String.join(", ", metrics),
                            needed - 3,
                            needed - 2,
                            n,
                            all.runs().size()));
        }
        Observations obs = all.complete(metrics);
        List<String> notes = new ArrayList<>();
        Box box = pinUnexplored(obs, settings.box(), notes);
        Box bounds = box;
        if (!settings.extrapolate()) box = withinSwarm(obs, box);
        box.infeasibility(obs.domains())
                .ifPresent(
                        why -> {
                            throw new SearchInputException(
                                    "no mixture satisfies the proposal's constraints: " + why);
                        });
        double[][] x = obs.weights();
        double[] metricWeights = metrics.stream().mapToDouble(objective.weights()::get).toArray();
        double[] measured = new double[n];
        for (int i = 0; i < n; i++)
            measured[i] = objectiveOf(obs.values()[i], obs, metrics, metricWeights);

        int[] folds = CrossValidation.folds(n, settings.folds(), settings.seed());
        Map<ModelKind, Map<String, FitQuality>> quality = new EnumMap<>(ModelKind.class);
        Map<ModelKind, FitQuality> objectiveQuality = new EnumMap<>(ModelKind.class);
        Map<ModelKind, List<MixtureModel>> fitted = new EnumMap<>(ModelKind.class);
        for (ModelKind kind : ModelKind.values()) {
            Map<String, FitQuality> perMetric = new LinkedHashMap<>();
            double[] predictedObjective = new double[n];
            List<MixtureModel> models = new ArrayList<>();
            for (int m = 0; m < metrics.size(); m++) {
                double[] y = obs.column(metrics.get(m));
                FitQuality q = CrossValidation.run(kind, x, y, folds);
                perMetric.put(metrics.get(m), q);
                for (int i = 0; i < n; i++)
                    predictedObjective[i] += metricWeights[m] * q.predictions()[i];
                models.add(kind.fit(x, y));
            }
            quality.put(kind, perMetric);
            objectiveQuality.put(kind, FitQuality.of(measured, predictedObjective));
            fitted.put(kind, models);
        }

        int bestIndex = 0;
        for (int i = 1; i < n; i++)
            if (objective.sign() * measured[i] < objective.sign() * measured[bestIndex])
                bestIndex = i;
        double[] prior = settings.prior().clone();
        List<MixtureModel> chosen = fitted.get(settings.proposeWith());
        PredictedObjective target =
                new PredictedObjective(
                        chosen, metricWeights, objective.sign(), settings.klPenalty(), prior);
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5eed_5ea7c4L);
        List<double[]> starts = starts(prior, x[bestIndex], box, random);
        double[] proposal = Proposer.minimise(target, box, starts);
        noteSwarmEdges(obs.domains(), proposal, box, bounds, notes);

        List<double[]> at = List.of(proposal, prior, x[bestIndex]);
        Bootstrap boot =
                bootstrap(obs, metrics, metricWeights, settings, box, at, proposal, prior, notes);

        Map<String, double[]> effects = new LinkedHashMap<>();
        Map<String, Interval[]> effectIntervals = new LinkedHashMap<>();
        List<MixtureModel> laws = fitted.get(ModelKind.LOG_LINEAR);
        for (int m = 0; m < metrics.size(); m++) {
            effects.put(metrics.get(m), ((LogLinearLaw) laws.get(m)).effects(prior));
            effectIntervals.put(metrics.get(m), boot.effectIntervals(m, obs.domains().size()));
        }
        Map<String, Double> bestMeasured = new LinkedHashMap<>();
        for (String metric : metrics)
            bestMeasured.put(metric, obs.values()[bestIndex][obs.metric(metric)]);
        bestMeasured.put("objective", measured[bestIndex]);
        return new SearchResult(
                obs,
                objective,
                settings.proposeWith(),
                chosen,
                quality,
                objectiveQuality,
                Math.min(settings.folds(), n),
                measured,
                effects,
                effectIntervals,
                prediction(proposal, chosen, metrics, metricWeights, boot, 0, Map.of()),
                boot.weightIntervals(obs.domains().size()),
                prediction(prior, chosen, metrics, metricWeights, boot, 1, Map.of()),
                prediction(x[bestIndex], chosen, metrics, metricWeights, boot, 2, bestMeasured),
                obs.runs().get(bestIndex),
                box,
                settings.klPenalty(),
                boot.done(),
                notes);
    }

    private static void checkMetricsExist(Observations all, List<String> metrics) {
        for (String metric : metrics) {
            if (all.metric(metric) < 0) {
                throw new SearchInputException(
                        "the objective names metric '"
                                + metric
                                + "', which no run has"
                                + Suggestions.didYouMean(metric, all.metrics())
                                + "; metrics: "
                                + (all.metrics().isEmpty()
                                        ? "none"
                                        : String.join(", ", all.metrics())));
            }
        }
    }

    private static int freeDomains(Box box) {
        int free = 0;
        for (int j = 0; j < box.lower().length; j++)
            if (box.upper()[j] - box.lower()[j] > 1e-12) free++;
        return free;
    }

    /**
     * A domain the swarm never varied says nothing about its effect; the proposal keeps it at the
     * swarm's value rather than extrapolate.
     */
    private static Box pinUnexplored(Observations obs, Box box, List<String> notes) {
        boolean[] varying = Columns.varying(obs.weights());
        double[] lower = box.lower(), upper = box.upper();
        for (int j = 0; j < varying.length; j++) {
            double value = obs.weights()[0][j];
            if (varying[j] || upper[j] - lower[j] <= 1e-12) continue;
            if (value >= lower[j] - 1e-12 && value <= upper[j] + 1e-12) {
                lower[j] = value;
                upper[j] = value;
                notes.add(
                        String.format(
                                Locale.ROOT,
                                "domain '%s' has weight %.4g in every run, so its effect cannot be fitted; the proposal keeps it at that weight",
                                obs.domains().get(j),
                                value));
            }
        }
        return new Box(lower, upper);
    }

    /**
     * The laws are fitted where the swarm has runs: by default the proposal stays within each
     * domain's range of weights in the swarm.
     */
    private static Box withinSwarm(Observations obs, Box box) {
        double[] lower = box.lower(), upper = box.upper();
        for (int j = 0; j < lower.length; j++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] row : obs.weights()) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            lower[j] = Math.max(lower[j], min);
            upper[j] = Math.min(upper[j], max);
        }
        return new Box(lower, upper);
    }

    private static void noteSwarmEdges(
            List<String> domains, double[] proposal, Box box, Box bounds, List<String> notes) {
        for (int j = 0; j < proposal.length; j++) {
            boolean atUpper =
                    box.upper()[j] < bounds.upper()[j] - 1e-9
                            && proposal[j] >= box.upper()[j] - 1e-6;
            boolean atLower =
                    box.lower()[j] > bounds.lower()[j] + 1e-9
                            && proposal[j] <= box.lower()[j] + 1e-6;
            if (atUpper || atLower)
                notes.add(
                        String.format(
                                Locale.ROOT,
                                "the proposal sits at the swarm's %s weight of '%s' (%.3f): the laws are not fitted beyond the swarm's range; "
                                        + "widen the swarm (prior, concentrations) or allow extrapolation",
                                atUpper ? "largest" : "smallest",
                                domains.get(j),
                                proposal[j]));
        }
    }

    private static double objectiveOf(
            double[] values, Observations obs, List<String> metrics, double[] weights) {
        double sum = 0;
        for (int m = 0; m < metrics.size(); m++)
            sum += weights[m] * values[obs.metric(metrics.get(m))];
        return sum;
    }

    /** Prior, uniform, best run, each domain's corner and a few seeded random points. */
    private static List<double[]> starts(
            double[] prior, double[] best, Box box, SplittableRandom random) {
        int d = prior.length;
        List<double[]> starts = new ArrayList<>();
        starts.add(prior.clone());
        double[] uniform = new double[d];
        Arrays.fill(uniform, 1.0 / d);
        starts.add(uniform);
        starts.add(best.clone());
        for (int j = 0; j < d; j++) {
            double[] corner = new double[d];
            corner[j] = 1;
            starts.add(corner);
        }
        double[] ones = new double[d];
        Arrays.fill(ones, 1.0);
        for (int r = 0; r < RANDOM_STARTS; r++) starts.add(Dirichlet.draw(ones, random));
        return starts;
    }

    private static SearchResult.Prediction prediction(
            double[] weights,
            List<MixtureModel> models,
            List<String> metrics,
            double[] metricWeights,
            Bootstrap boot,
            int point,
            Map<String, Double> measured) {
        Map<String, SearchResult.Estimate> estimates = new LinkedHashMap<>();
        double objective = 0;
        for (int m = 0; m < metrics.size(); m++) {
            double value = models.get(m).predict(weights);
            objective += metricWeights[m] * value;
            estimates.put(
                    metrics.get(m),
                    new SearchResult.Estimate(value, boot.metricInterval(point, m)));
        }
        return new SearchResult.Prediction(
                weights.clone(),
                estimates,
                new SearchResult.Estimate(objective, boot.objectiveInterval(point)),
                measured);
    }

    // ---- bootstrap -----------------------------------------------------------------------------

    /**
     * Per resample: metric predictions at each point, objective at each point, effects, weights.
     */
    private record Bootstrap(
            List<double[][]> metricPredictions,
            List<double[]> objectives,
            List<double[][]> effects,
            List<double[]> weights) {
        int done() {
            return objectives.size();
        }

        Interval metricInterval(int point, int metric) {
            return percentile(
                    metricPredictions.stream().mapToDouble(p -> p[point][metric]).toArray());
        }

        Interval objectiveInterval(int point) {
            return percentile(objectives.stream().mapToDouble(o -> o[point]).toArray());
        }

        Interval[] effectIntervals(int metric, int domains) {
            Interval[] intervals = new Interval[domains];
            for (int j = 0; j < domains; j++) {
                int domain = j;
                intervals[j] =
                        percentile(
                                effects.stream()
                                        .mapToDouble(e -> e[metric][domain])
                                        .filter(Double::isFinite)
                                        .toArray());
            }
            return intervals;
        }

        Interval[] weightIntervals(int domains) {
            Interval[] intervals = new Interval[domains];
            for (int j = 0; j < domains; j++) {
                int domain = j;
                intervals[j] = percentile(weights.stream().mapToDouble(w -> w[domain]).toArray());
            }
            return intervals;
        }

        /** The 2.5th and 97.5th percentiles, or null with fewer than 20 values. */
        private static Interval percentile(double[] values) {
            if (values.length < 20) return null;
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Interval(
                    sorted[(int) Math.floor(0.025 * (sorted.length - 1))],
                    sorted[(int) Math.ceil(0.975 * (sorted.length - 1))],
                    "bootstrap");
        }
    }

    /**
     * Resamples runs with replacement and refits: predictions at the proposal, prior and best run,
     * the laws' interactions, and the proposal itself re-optimised. A resample whose fit fails (too
     * few distinct mixtures) is skipped and counted.
     */
    private static Bootstrap bootstrap(
            Observations obs,
            List<String> metrics,
            double[] metricWeights,
            Settings settings,
            Box box,
            List<double[]> at,
            double[] proposal,
            double[] prior,
            List<String> notes) {
        List<double[][]> predictions = new ArrayList<>();
        List<double[]> objectives = new ArrayList<>();
        List<double[][]> effects = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        int n = obs.runs().size();
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0xb007_57a9L);
        int skipped = 0;
        int d = obs.domains().size();
        for (int b = 0; b < settings.bootstrap(); b++) {
            double[][] x = new double[n][];
            double[][] y = new double[metrics.size()][n];
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                x[i] = obs.weights()[pick];
                for (int m = 0; m < metrics.size(); m++)
                    y[m][i] = obs.values()[pick][obs.metric(metrics.get(m))];
            }
            if (Columns.count(Columns.varying(x)) < Columns.count(Columns.varying(obs.weights()))) {
                skipped++;
                continue;
            }
            List<MixtureModel> models = new ArrayList<>();
            double[][] effectRows = new double[metrics.size()][];
            for (int m = 0; m < metrics.size(); m++) {
                MixtureModel model = settings.proposeWith().fit(x, y[m]);
                models.add(model);
                LogLinearLaw law = model instanceof LogLinearLaw l ? l : LogLinearLaw.fit(x, y[m]);
                effectRows[m] = law.effects(prior);
            }
            double[][] point = new double[at.size()][metrics.size()];
            double[] objective = new double[at.size()];
            for (int p = 0; p < at.size(); p++) {
                for (int m = 0; m < metrics.size(); m++) {
                    point[p][m] = models.get(m).predict(at.get(p));
                    objective[p] += metricWeights[m] * point[p][m];
                }
            }
            PredictedObjective target =
                    new PredictedObjective(
                            models,
                            metricWeights,
                            settings.objective().sign(),
                            settings.klPenalty(),
                            prior);
            weights.add(Proposer.minimise(target, box, List.of(proposal, prior)));
            predictions.add(point);
            objectives.add(objective);
            effects.add(effectRows);
        }
        if (skipped > 0)
            notes.add(
                    skipped
                            + " of "
                            + settings.bootstrap()
                            + " bootstrap resamples left a domain constant and were skipped");
        return new Bootstrap(predictions, objectives, effects, weights);
    }
}
