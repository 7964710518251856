package dev.mixlab.search.fit;

/**
 * One metric as a function of the mixture weights, fitted on a swarm. Weights are indexed like the
 * swarm's domains and sum to 1.
 */
public interface MixtureModel {
    double predict(double[] weights);

    /** ∂ prediction / ∂ weight of each domain (0 for a domain the fit held constant). */
    double[] gradient(double[] weights);
}
