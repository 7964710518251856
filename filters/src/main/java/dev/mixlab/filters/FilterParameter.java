package dev.mixlab.filters;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One named, typed, documented setting of a catalog entry, e.g. {@code gopher_quality.min_words}.
 *
 * <p>A parameter knows its default, its valid range and, for thresholds, the value that switches
 * its rule off (what a YAML {@code null} means). A step declares each of its parameters once, as a
 * constant made by its {@link ParameterSchema}, and reads the value with {@link
 * ParameterSchema.ParameterValues#get}; every value it can see has been checked against the range,
 * so the range shown in {@code docs/FILTERS.md} is the range that is enforced.
 */
public final class FilterParameter<T> {

    public enum Type {
        INTEGER("integer"),
        NUMBER("number"),
        BOOLEAN("boolean"),
        STRING("string"),
        STRING_LIST("list of strings");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String owner;
    private final int index;
    private final String subject;
    private final String name;
    private final Type type;
    private final T defaultValue;
    private final T offValue;
    private final double lower;
    private final double upper;
    private final String description;

    FilterParameter(
            String owner,
            int index,
            String subject,
            String name,
            Type type,
            T defaultValue,
            T offValue,
            double lower,
            double upper,
            String description) {
        this.owner = owner;
        this.index = index;
        this.subject = subject;
        this.name = name;
        this.type = type;
        this.offValue = offValue;
        this.lower = lower;
        this.upper = upper;
        this.description = description;
        this.defaultValue = check(defaultValue);
    }

    public String name() {
        return name;
    }

    /** The schema owner this parameter belongs to, e.g. {@code gopher_quality}. */
    String owner() {
        return owner;
    }

    /** Position in its schema, which is also the position of its value. */
    int index() {
        return index;
    }

    public Type type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Whether a YAML {@code null} is accepted and switches the rule off. */
    public boolean switchable() {
        return offValue != null;
    }

    /** The valid values in words, e.g. {@code integer ≥ 0, null = off}. */
    public String constraint() {
        String range;
        if (type == Type.INTEGER || type == Type.NUMBER) {
            String label =
                    lower == 0 && upper == 1 && type == Type.NUMBER ? "fraction" : type.label();
            range =
                    upper == Double.POSITIVE_INFINITY
                            ? label + " ≥ " + Verdict.format(lower)
                            : label
                                    + " in ["
                                    + Verdict.format(lower)
                                    + ", "
                                    + Verdict.format(upper)
                                    + "]";
        } else {
            range = type.label();
        }
        return switchable() ? range + ", null = off" : range;
    }

    /** The default as it would be written in YAML. */
    public String defaultText() {
        return yamlText(defaultValue);
    }

    /** Validates a value from Java or YAML; the off value is always accepted. */
    private T check(T value) {
        if (value == null) {
            throw invalid("must be set", null);
        }
        if (value.equals(offValue)) {
            return value;
        }
        if (value instanceof Number number) {
            double v = number.doubleValue();
            if (Double.isNaN(v) || v < lower || v > upper) {
                String constraint = constraint();
                throw invalid(
                        "must be "
                                + ("aeiou".indexOf(constraint.charAt(0)) >= 0 ? "an " : "a ")
                                + constraint,
                        value);
            }
        } else if (value instanceof String text && text.isBlank()) {
            throw invalid("must not be blank", value);
        } else if (value instanceof List<?> list
                && list.stream().anyMatch(e -> !(e instanceof String s) || s.isBlank())) {
            throw invalid("must be a list of non-blank strings", value);
        }
        return value;
    }

    /**
     * Converts what a YAML parser produced (Integer, Long, Double, Boolean, String, List, null).
     */
    @SuppressWarnings("unchecked")
    T fromYaml(Object raw) {
        if (raw == null) {
            if (offValue == null) {
                throw invalid("cannot be null (this rule has no off switch)", null);
            }
            return offValue;
        }
        Object converted =
                switch (type) {
                    case INTEGER -> toInteger(raw);
                    case NUMBER -> {
                        if (!(raw instanceof Number number)) {
                            throw invalid("must be a number", raw);
                        }
                        yield number.doubleValue();
                    }
                    case BOOLEAN -> {
                        if (!(raw instanceof Boolean)) {
                            throw invalid("must be true or false", raw);
                        }
                        yield raw;
                    }
                    case STRING -> {
                        if (!(raw instanceof String)) {
                            throw invalid("must be a string", raw);
                        }
                        yield raw;
                    }
                    case STRING_LIST -> {
                        if (!(raw instanceof List<?> list)) {
                            throw invalid("must be a list of strings, e.g. [a, b]", raw);
                        }
                        yield List.copyOf(list);
                    }
                };
        return check((T) converted);
    }

    private Integer toInteger(Object raw) {
        if (raw instanceof Integer
                || raw instanceof Long
                || raw instanceof Short
                || raw instanceof Byte) {
            long v = ((Number) raw).longValue();
            if (v == (int) v) {
                return (int) v;
            }
        } else if (raw instanceof Double || raw instanceof Float) {
            double v = ((Number) raw).doubleValue();
            if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw invalid("must be an integer", raw);
    }

    private IllegalArgumentException invalid(String problem, Object value) {
        String got =
                value == null
                        ? ""
                        : ", got "
                                + yamlText(value)
                                + " ("
                                + value.getClass().getSimpleName()
                                + ")";
        return new IllegalArgumentException(
                subject + ": parameter '" + name + "' " + problem + got);
    }

    private String yamlText(Object value) {
        // An unbounded maximum can only be written as null; a minimum of 0 reads better as 0.
        if (value == null
                || value.equals(Integer.MAX_VALUE)
                || value.equals(Double.POSITIVE_INFINITY)) {
            return "null";
        }
        if (value instanceof Double d) {
            return Verdict.format(d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
        return Objects.toString(value);
    }

    @Override
    public String toString() {
        return subject + " parameter '" + name + "'";
    }
}
