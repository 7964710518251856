package dev.mixlab.search;

import dev.mixlab.eval.stats.Interval;
import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.search.fit.FitQuality;
import dev.mixlab.search.fit.MixtureModel;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.propose.Box;
import java.util.List;
import java.util.Map;

/**
 * What a search found: how well each model predicts held-out runs, the fitted interactions, the
 * proposed mixture with its predicted metrics, and the baselines to judge it by.
 *
 * @param observations the runs the fits used (every objective metric measured)
 * @param objective the objective
 * @param proposeWith the model the proposal minimises
 * @param models that model fitted on every run, one per objective metric in the objective's order
 * @param quality model → metric → k-fold quality
 * @param objectiveQuality model → k-fold quality of the objective assembled from the metrics'
 *     out-of-fold predictions
 * @param folds k of the cross-validation (at most the number of runs)
 * @param measuredObjective the objective of every run, as measured
 * @param effects metric → the log-linear law's interaction row ({@link
 *     dev.mixlab.search.fit.LogLinearLaw#effects}), domains in order
 * @param effectIntervals metric → bootstrap interval of each effect (null entries without a
 *     bootstrap)
 * @param proposal the proposed mixture
 * @param weightIntervals bootstrap interval of each proposed weight (re-proposing on every
 *     resample), or null entries
 * @param prior the prior as a baseline (predicted only)
 * @param best the best swarm run by measured objective (measured and predicted)
 * @param bestRun its run id
 * @param box the constraints the proposal satisfies
 * @param klPenalty the KL weight used
 * @param bootstrap resamples that fitted (of those requested)
 * @param notes what the analysis decided on its own (pinned domains, skipped resamples)
 */
public record SearchResult(
        Observations observations,
        Objective objective,
        ModelKind proposeWith,
        List<MixtureModel> models,
        Map<ModelKind, Map<String, FitQuality>> quality,
        Map<ModelKind, FitQuality> objectiveQuality,
        int folds,
        double[] measuredObjective,
        Map<String, double[]> effects,
        Map<String, Interval[]> effectIntervals,
        Prediction proposal,
        Interval[] weightIntervals,
        Prediction prior,
        Prediction best,
        String bestRun,
        Box box,
        double klPenalty,
        int bootstrap,
        List<String> notes) {

    /**
     * Predicted metrics at some weights.
     *
     * @param weights the mixture, domains in order
     * @param metrics objective metric → predicted value with its bootstrap interval
     * @param objective the predicted objective with its interval
     * @param measured objective metric → measured value (baselines that were trained), else empty
     */
    public record Prediction(
            double[] weights,
            Map<String, Estimate> metrics,
            Estimate objective,
            Map<String, Double> measured) {}

    /** A predicted value and its 95% bootstrap interval (null without a bootstrap). */
    public record Estimate(double value, Interval interval) {}

    public List<String> domains() {
        return observations.domains();
    }
}
