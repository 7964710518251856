package dev.mixlab.filters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered parameters of one catalog entry. Settings records declare their parameters here
 * (which fixes name, type, default, range and off switch in one place) and read YAML values with
 * {@link #read}, which rejects unknown names with a "did you mean" suggestion.
 *
 * <p>Threshold conventions, used by every filter: a {@code min_*} rule drops when the measured
 * value is below the minimum, a {@code max_*} rule when it is above the maximum; YAML {@code null}
 * switches the rule off (a minimum of 0, an unbounded maximum).
 */
public final class ParameterSchema {

    private final String owner;
    private final String subject;
    private final Map<String, FilterParameter<?>> parameters = new LinkedHashMap<>();

    /** The parameters of the catalog filter (or mapper) named {@code owner}. */
    public ParameterSchema(String owner) {
        this(owner, "filter");
    }

    /**
     * @param owner the name parameters belong to, e.g. {@code gopher_quality}
     * @param ownerKind what the owner is, for error messages, e.g. {@code filter}
     */
    public ParameterSchema(String owner, String ownerKind) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.subject = ownerKind + " '" + owner + "'";
    }

    public String owner() {
        return owner;
    }

    /** How error messages name the owner, e.g. {@code filter 'gopher_quality'}. */
    public String subject() {
        return subject;
    }

    public List<FilterParameter<?>> parameters() {
        return List.copyOf(parameters.values());
    }

    /** A minimum count; {@code null} turns the rule off (minimum 0). */
    public FilterParameter<Integer> minCount(String name, int defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.INTEGER,
                        defaultValue,
                        0,
                        0,
                        Double.POSITIVE_INFINITY,
                        description));
    }

    /** A maximum count; {@code null} turns the rule off (no maximum). */
    public FilterParameter<Integer> maxCount(String name, int defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.INTEGER,
                        defaultValue,
                        Integer.MAX_VALUE,
                        0,
                        Double.POSITIVE_INFINITY,
                        description));
    }

    /** An integer setting that is not a rule threshold, so it has no off switch. */
    public FilterParameter<Integer> integer(
            String name, int defaultValue, int lower, int upper, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.INTEGER,
                        defaultValue,
                        null,
                        lower,
                        upper == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : upper,
                        description));
    }

    /** A number setting that is not a rule threshold, so it has no off switch. */
    public FilterParameter<Double> number(
            String name, double defaultValue, double lower, double upper, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.NUMBER,
                        defaultValue,
                        null,
                        lower,
                        upper,
                        description));
    }

    /** A minimum fraction in [0, 1]; {@code null} turns the rule off (minimum 0). */
    public FilterParameter<Double> minFraction(
            String name, double defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.NUMBER,
                        defaultValue,
                        0.0,
                        0,
                        1,
                        description));
    }

    /** A maximum fraction in [0, 1]; {@code null} turns the rule off (no maximum). */
    public FilterParameter<Double> maxFraction(
            String name, double defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.NUMBER,
                        defaultValue,
                        Double.POSITIVE_INFINITY,
                        0,
                        1,
                        description));
    }

    /** A non-negative minimum (e.g. a mean length); {@code null} turns the rule off. */
    public FilterParameter<Double> minNumber(String name, double defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.NUMBER,
                        defaultValue,
                        0.0,
                        0,
                        Double.POSITIVE_INFINITY,
                        description));
    }

    /** A non-negative maximum (e.g. a ratio that may exceed 1); {@code null} turns the rule off. */
    public FilterParameter<Double> maxNumber(String name, double defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.NUMBER,
                        defaultValue,
                        Double.POSITIVE_INFINITY,
                        0,
                        Double.POSITIVE_INFINITY,
                        description));
    }

    /** A rule switched on or off by a boolean. */
    public FilterParameter<Boolean> flag(String name, boolean defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.BOOLEAN,
                        defaultValue,
                        null,
                        0,
                        0,
                        description));
    }

    public FilterParameter<String> string(String name, String defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.STRING,
                        defaultValue,
                        null,
                        0,
                        0,
                        description));
    }

    public FilterParameter<List<String>> stringList(
            String name, List<String> defaultValue, String description) {
        return add(
                new FilterParameter<>(
                        subject,
                        name,
                        FilterParameter.Type.STRING_LIST,
                        List.copyOf(defaultValue),
                        null,
                        0,
                        0,
                        description));
    }

    /** Every parameter at its default. */
    public ParameterValues defaults() {
        return read(Map.of());
    }

    /**
     * Converts and validates YAML values; absent parameters take their defaults.
     *
     * @throws IllegalArgumentException naming the first unknown or invalid parameter
     */
    public ParameterValues read(Map<String, ?> raw) {
        for (String given : raw.keySet()) {
            if (!parameters.containsKey(given)) {
                throw new IllegalArgumentException(
                        subject
                                + " has no parameter '"
                                + given
                                + "'"
                                + Suggestions.didYouMean(given, parameters.keySet())
                                + "; known parameters: "
                                + String.join(", ", parameters.keySet()));
            }
        }
        Map<FilterParameter<?>, Object> values = new LinkedHashMap<>();
        for (FilterParameter<?> parameter : parameters.values()) {
            Object value =
                    raw.containsKey(parameter.name())
                            ? parameter.fromYaml(raw.get(parameter.name()))
                            : parameter.defaultValue();
            values.put(parameter, value);
        }
        return new ParameterValues(subject, Collections.unmodifiableMap(values));
    }

    private <T> FilterParameter<T> add(FilterParameter<T> parameter) {
        if (parameters.putIfAbsent(parameter.name(), parameter) != null) {
            throw new IllegalStateException(
                    subject + " declares parameter '" + parameter.name() + "' twice");
        }
        return parameter;
    }

    /** Typed access to validated values; produced by {@link ParameterSchema#read}. */
    public static final class ParameterValues {
        private final String subject;
        private final Map<FilterParameter<?>, Object> values;

        private ParameterValues(String subject, Map<FilterParameter<?>, Object> values) {
            this.subject = subject;
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        public <T> T get(FilterParameter<T> parameter) {
            if (!values.containsKey(parameter)) {
                throw new IllegalArgumentException(parameter + " is not a parameter of " + subject);
            }
            return (T) values.get(parameter);
        }
    }
}
