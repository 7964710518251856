package dev.mixlab.filters;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The outcome of a {@link DocumentFilter}: keep the document, or drop it with a stable reason code
 * ({@code filter_name.rule}, used as a counter name and in quarantine files) and a short detail
 * showing the measured value against the threshold that rejected it.
 */
public sealed interface Verdict extends Serializable permits Verdict.Keep, Verdict.Drop {

    boolean kept();

    static Verdict keep() {
        return Keep.INSTANCE;
    }

    static Drop drop(String reason, String detail) {
        return new Drop(reason, detail);
    }

    /** A drop because {@code measured} is below the minimum set by {@code parameter}. */
    static Drop dropBelow(
            String reason, double measured, FilterParameter<?> parameter, double minimum) {
        return new Drop(
                reason, format(measured) + " < " + parameter.name() + " " + format(minimum));
    }

    /** A drop because {@code measured} is above the maximum set by {@code parameter}. */
    static Drop dropAbove(
            String reason, double measured, FilterParameter<?> parameter, double maximum) {
        return new Drop(
                reason, format(measured) + " > " + parameter.name() + " " + format(maximum));
    }

    /** Integers print without decimals, fractions with at most three, so details stay short. */
    static String format(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    record Keep() implements Verdict {
        private static final Keep INSTANCE = new Keep();

        @Override
        public boolean kept() {
            return true;
        }
    }

    /**
     * @param reason stable code {@code filter_name.rule}, lower snake case
     * @param detail human-readable measurement, e.g. {@code 12 < min_words 50}
     */
    record Drop(String reason, String detail) implements Verdict {
        private static final Pattern REASON_CODE = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_.]+");

        public Drop {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (!REASON_CODE.matcher(reason).matches()) {
                throw new IllegalArgumentException(
                        "reason code '"
                                + reason
                                + "' must look like filter_name.rule (lower case, digits, underscores)");
            }
        }

        @Override
        public boolean kept() {
            return false;
        }

        /** The same drop with {@code context} appended to the detail in parentheses. */
        public Drop withContext(String context) {
            return new Drop(reason, detail + " (" + context + ")");
        }
    }
}
