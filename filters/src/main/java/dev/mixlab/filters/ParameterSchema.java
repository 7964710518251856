package dev.mixlab.filters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The ordered parameters of one catalog entry. A step declares each parameter once, as a constant
 * made here (which fixes name, type, default, range and off switch in one place), and rules between
 * parameters with {@link #rule}; {@link #read} turns YAML values into {@link ParameterValues},
 * rejecting unknown names with a "did you mean" suggestion.
 *
 * <p>Threshold conventions, used by every filter: a {@code min_*} rule drops when the measured
 * value is below the minimum, a {@code max_*} rule when it is above the maximum; YAML {@code null}
 * switches the rule off (a minimum of 0, an unbounded maximum).
 */
public final class ParameterSchema {

    private final String owner;
    private final String subject;
    private final Map<String, FilterParameter<?>> parameters = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();

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
        return nonNegativeRule(name, FilterParameter.Type.INTEGER, defaultValue, 0, description);
    }

    /** A maximum count; {@code null} turns the rule off (no maximum). */
    public FilterParameter<Integer> maxCount(String name, int defaultValue, String description) {
        return nonNegativeRule(
                name, FilterParameter.Type.INTEGER, defaultValue, Integer.MAX_VALUE, description);
    }

    /** A rule whose threshold is 0 or more; {@code off} is the value {@code null} stands for. */
    private <T> FilterParameter<T> nonNegativeRule(
            String name, FilterParameter.Type type, T defaultValue, T off, String description) {
        return declare(name, type, defaultValue, off, 0, Double.POSITIVE_INFINITY, description);
    }

    /** An integer setting that is not a rule threshold, so it has no off switch. */
    public FilterParameter<Integer> integer(
            String name, int defaultValue, int lower, int upper, String description) {
        return declare(
                name,
                FilterParameter.Type.INTEGER,
                defaultValue,
                null,
                lower,
                upper == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : upper,
                description);
    }

    /** A number setting that is not a rule threshold, so it has no off switch. */
    public FilterParameter<Double> number(
            String name, double defaultValue, double lower, double upper, String description) {
        return declare(
                name, FilterParameter.Type.NUMBER, defaultValue, null, lower, upper, description);
    }

    /** A minimum fraction in [0, 1]; {@code null} turns the rule off (minimum 0). */
    public FilterParameter<Double> minFraction(
            String name, double defaultValue, String description) {
        return declare(name, FilterParameter.Type.NUMBER, defaultValue, 0.0, 0, 1, description);
    }

    /** A maximum fraction in [0, 1]; {@code null} turns the rule off (no maximum). */
    public FilterParameter<Double> maxFraction(
            String name, double defaultValue, String description) {
        return declare(
                name,
                FilterParameter.Type.NUMBER,
                defaultValue,
                Double.POSITIVE_INFINITY,
                0,
                1,
                description);
    }

    /** A non-negative minimum (e.g. a mean length); {@code null} turns the rule off. */
    public FilterParameter<Double> minNumber(String name, double defaultValue, String description) {
        return nonNegativeRule(name, FilterParameter.Type.NUMBER, defaultValue, 0.0, description);
    }

    /** A non-negative maximum (e.g. a ratio that may exceed 1); {@code null} turns the rule off. */
    public FilterParameter<Double> maxNumber(String name, double defaultValue, String description) {
        return nonNegativeRule(
                name,
                FilterParameter.Type.NUMBER,
                defaultValue,
                Double.POSITIVE_INFINITY,
                description);
    }

    /** A rule switched on or off by a boolean. */
    public FilterParameter<Boolean> flag(String name, boolean defaultValue, String description) {
        return declare(name, FilterParameter.Type.BOOLEAN, defaultValue, null, 0, 0, description);
    }

    public FilterParameter<String> string(String name, String defaultValue, String description) {
        return declare(name, FilterParameter.Type.STRING, defaultValue, null, 0, 0, description);
    }

    public FilterParameter<List<String>> stringList(
            String name, List<String> defaultValue, String description) {
        return declare(
                name,
                FilterParameter.Type.STRING_LIST,
                List.copyOf(defaultValue),
                null,
                0,
                0,
                description);
    }

    /**
     * A rule between parameters, checked whenever values are read, e.g. that a minimum is not above
     * its maximum. Declared after the parameters it reads.
     *
     * @param problem what is wrong, in words, when {@code holds} is false
     */
    public void rule(Predicate<ParameterValues> holds, Function<ParameterValues, String> problem) {
        rules.add(new Rule(holds, problem));
    }

    /** A rule that {@code lower} (e.g. {@code min_words}) is not above {@code upper}. */
    public <T extends Comparable<T>> void notAbove(
            FilterParameter<T> lower, FilterParameter<T> upper) {
        rule(
                v -> v.get(lower).compareTo(v.get(upper)) <= 0,
                v ->
                        lower.name()
                                + " "
                                + v.get(lower)
                                + " is greater than "
                                + upper.name()
                                + " "
                                + v.get(upper));
    }

    /** Every parameter at its default. */
    public ParameterValues defaults() {
        return read(Map.of());
    }

    /**
     * Values set from Java, checked like YAML values; absent parameters take their defaults.
     *
     * @throws IllegalArgumentException for a parameter of another schema or an invalid value
     */
    public ParameterValues of(Map<FilterParameter<?>, ?> given) {
        Map<String, Object> byName = new LinkedHashMap<>();
        given.forEach(
                (parameter, value) -> {
                    if (parameters.get(parameter.name()) != parameter) {
                        throw new IllegalArgumentException(
                                parameter + " is not a parameter of " + subject);
                    }
                    byName.put(parameter.name(), value);
                });
        return read(byName);
    }

    /**
     * Converts and validates YAML values; absent parameters take their defaults.
     *
     * @throws IllegalArgumentException naming the first unknown or invalid parameter, or a broken
     *     rule between parameters
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
        Object[] values = new Object[parameters.size()];
        String[] names = new String[parameters.size()];
        for (FilterParameter<?> parameter : parameters.values()) {
            values[parameter.index()] =
                    raw.containsKey(parameter.name())
                            ? parameter.fromYaml(raw.get(parameter.name()))
                            : parameter.defaultValue();
            names[parameter.index()] = parameter.name();
        }
        ParameterValues read = new ParameterValues(owner, subject, names, values);
        for (Rule rule : rules) {
            if (!rule.holds().test(read)) {
                throw new IllegalArgumentException(subject + ": " + rule.problem().apply(read));
            }
        }
        return read;
    }

    private <T> FilterParameter<T> declare(
            String name,
            FilterParameter.Type type,
            T defaultValue,
            T offValue,
            double lower,
            double upper,
            String description) {
        if (parameters.containsKey(name)) {
            throw new IllegalStateException(subject + " declares parameter '" + name + "' twice");
        }
        FilterParameter<T> parameter =
                new FilterParameter<>(
                        owner,
                        parameters.size(),
                        subject,
                        name,
                        type,
                        defaultValue,
                        offValue,
                        lower,
                        upper,
                        description);
        parameters.put(name, parameter);
        return parameter;
    }

    private record Rule(
            Predicate<ParameterValues> holds, Function<ParameterValues, String> problem) {}

    /**
     * The validated values of one schema's parameters, read by the step with {@link #get}.
     * Serializable, so a step ships to Beam workers with its settings.
     */
    public static final class ParameterValues implements Serializable {
        private final String owner;
        private final String subject;
        private final String[] names;
        private final Object[] values;

        private ParameterValues(String owner, String subject, String[] names, Object[] values) {
            this.owner = owner;
            this.subject = subject;
            this.names = names;
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        public <T> T get(FilterParameter<T> parameter) {
            if (!parameter.owner().equals(owner)) {
                throw new IllegalArgumentException(parameter + " is not a parameter of " + subject);
            }
            return (T) values[parameter.index()];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterValues that
                    && owner.equals(that.owner)
                    && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return 31 * owner.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(owner).append('{');
            for (int i = 0; i < values.length; i++) {
                text.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
            }
            return text.append('}').toString();
        }
    }
}
