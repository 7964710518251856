package dev.mixlab.search.propose;

import dev.mixlab.search.fit.MixtureModel;
import java.util.List;

/**
 * What a proposal minimises: the objective as the fitted models predict it (signed so that lower is
 * better) plus {@code klPenalty × KL(x ‖ prior)}, which pulls the proposal towards the prior where
 * the fits say little (olmix's regularised proposer).
 *
 * @param models the fitted model of each objective metric
 * @param weights each metric's weight in the objective
 * @param sign +1 to minimise the objective, −1 to maximise it
 * @param klPenalty weight of the KL term (0: none)
 * @param prior the distribution the KL term is measured against
 */
public record PredictedObjective(
        List<MixtureModel> models, double[] weights, double sign, double klPenalty, double[] prior)
        implements Proposer.Function {
    private static final double FLOOR = 1e-12;

    /** The objective as predicted (unsigned, without the KL term). */
    public double objective(double[] x) {
        double sum = 0;
        for (int m = 0; m < models.size(); m++) sum += weights[m] * models.get(m).predict(x);
        return sum;
    }

    @Override
    public double value(double[] x) {
        double value = sign * objective(x);
        if (klPenalty > 0) value += klPenalty * kl(x, prior);
        return value;
    }

    @Override
    public double[] gradient(double[] x) {
        double[] g = new double[x.length];
        for (int m = 0; m < models.size(); m++) {
            double[] gm = models.get(m).gradient(x);
            for (int j = 0; j < x.length; j++) g[j] += sign * weights[m] * gm[j];
        }
        if (klPenalty > 0) {
            for (int j = 0; j < x.length; j++)
                g[j] +=
                        klPenalty
                                * (Math.log(Math.max(x[j], FLOOR) / Math.max(prior[j], FLOOR)) + 1);
        }
        return g;
    }

    /** KL(x ‖ p) in nats; 0·log 0 counts as 0. */
    public static double kl(double[] x, double[] p) {
        double sum = 0;
        for (int j = 0; j < x.length; j++)
            if (x[j] > 0) sum += x[j] * Math.log(x[j] / Math.max(p[j], FLOOR));
        return sum;
    }
}
