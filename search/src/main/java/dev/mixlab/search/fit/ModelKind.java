package dev.mixlab.search.fit;

import java.util.Arrays;
import java.util.List;

/** The regressions a search fits to every objective metric. */
public enum ModelKind {
    LOG_LINEAR("log-linear", "exponential mixing law c + k·exp(Σ t_j r_j) (Ye et al. 2024; olmix)"),
    LOG_RIDGE("log-ridge", "ridge regression on log(r_j + 0.01), strength by GCV");

    private final String label;
    private final String description;

    ModelKind(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public MixtureModel fit(double[][] x, double[] y) {
        return switch (this) {
            case LOG_LINEAR -> LogLinearLaw.fit(x, y);
            case LOG_RIDGE -> LogRidge.fit(x, y);
        };
    }

    public static ModelKind of(String label) {
        for (ModelKind kind : values()) if (kind.label.equals(label)) return kind;
        throw new IllegalArgumentException("unknown model '" + label + "'; use one of " + labels());
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(ModelKind::label).toList();
    }
}
