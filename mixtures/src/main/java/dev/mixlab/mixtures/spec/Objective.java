package dev.mixlab.mixtures.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a mixture search optimises: a weighted sum of metrics, minimised unless written with {@code
 * max:}. Written as an expression over metric names:
 *
 * <pre>
 *   mean(text_bpb, code_bpb)              equal weights, lower is better
 *   0.7*text_bpb + 0.3*code_bpb           a weighted sum
 *   max: arc_easy:acc_norm - 0.1*text_bpb a score to raise
 * </pre>
 *
 * Grammar: {@code [max:|min:] term (('+'|'-') term)*}, {@code term = [number ['*']] (name |
 * mean(name, ...))}. A name is letters, digits and {@code _ . : / @}; quote any other name in
 * backticks or double quotes ({@code `mmlu-pro`}). A metric named twice has its weights added.
 *
 * @param text the expression as written
 * @param maximise true for {@code max:} (higher is better)
 * @param weights metric name → weight, in order of first mention
 */
public record Objective(String text, boolean maximise, Map<String, Double> weights) {
    public Objective {
        InvalidValueException.check(
                !weights.isEmpty(), "objective", "an objective needs at least one metric");
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The objective's value given each metric's value; lower is better after {@link #sign()}. */
    public double value(ToDoubleFunction<String> metric) {
        double sum = 0;
        for (Map.Entry<String, Double> w : weights.entrySet())
            sum += w.getValue() * metric.applyAsDouble(w.getKey());
        return sum;
    }

    /** +1 when lower is better, -1 for {@code max:}: {@code sign() × value} is minimised. */
    public double sign() {
        return maximise ? -1 : 1;
    }

    /**
     * Parses an objective expression.
     *
     * @throws IllegalArgumentException naming the column of the first problem
     */
    public static Objective parse(String text) {
        return new Parser(text).objective();
    }

    /** The expression in canonical form: {@code min: 0.5·text_bpb + 0.5·code_bpb}. */
    public String canonical() {
        StringBuilder out = new StringBuilder(maximise ? "max: " : "min: ");
        boolean first = true;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            double weight = w.getValue();
            if (!first) out.append(weight < 0 ? " - " : " + ");
            else if (weight < 0) out.append("-");
            out.append(
                            String.format(Locale.ROOT, "%.4g", Math.abs(weight))
                                    .replaceAll("\\.?0+$", ""))
                    .append("·")
                    .append(w.getKey());
            first = false;
        }
        return out.toString();
    }

    private static final class Parser {
        private final String text;
        private int at;
        private final Map<String, Double> weights = new LinkedHashMap<>();

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        Objective objective() {
            skipSpace();
            boolean maximise = false;
            if (text.startsWith("max:", at) || text.startsWith("min:", at)) {
                maximise = text.startsWith("max:", at);
                at += 4;
            }
            skipSpace();
            if (at >= text.length())
                throw problem("is empty; write e.g. 'mean(text_bpb, code_bpb)'");
            double sign = 1;
            if (peek() == '-') {
                sign = -1;
                at++;
            } else if (peek() == '+') {
                at++;
            }
            term(sign);
            while (true) {
                skipSpace();
                if (at >= text.length()) break;
                char c = peek();
                if (c != '+' && c != '-')
                    throw problem("expected '+', '-' or the end at column " + (at + 1));
                if (c == '-' && joinsNames())
                    throw problem(
                            "is ambiguous at column "
                                    + (at + 1)
                                    + ": quote a name containing '-' in backticks (`mmlu-pro`), or put spaces around a minus");
                at++;
                term(c == '-' ? -1 : 1);
            }
            return new Objective(text.strip(), maximise, weights);
        }

        private void term(double sign) {
            skipSpace();
            double factor = 1;
            if (at < text.length() && (Character.isDigit(peek()) || peek() == '.')) {
                factor = number();
                skipSpace();
                if (at < text.length() && (peek() == '*' || peek() == '×' || peek() == '·')) {
                    at++;
                    skipSpace();
                }
            }
            if (text.startsWith("mean(", at)) {
                at += 5;
                java.util.List<String> names = new java.util.ArrayList<>();
                while (true) {
                    skipSpace();
                    names.add(name());
                    skipSpace();
                    if (at < text.length() && peek() == ',') {
                        at++;
                        continue;
                    }
                    if (at < text.length() && peek() == ')') {
                        at++;
                        break;
                    }
                    throw problem("expected ',' or ')' in mean(...) at column " + (at + 1));
                }
                for (String name : names) add(name, sign * factor / names.size());
            } else {
                add(name(), sign * factor);
            }
        }

        private void add(String name, double weight) {
            weights.merge(name, weight, Double::sum);
        }

        private double number() {
            int start = at;
            while (at < text.length()
                    && (Character.isDigit(peek())
                            || peek() == '.'
                            || peek() == 'e'
                            || peek() == 'E'
                            || ((peek() == '-' || peek() == '+')
                                    && at > start
                                    && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E'))))
                at++;
            try {
                return Double.parseDouble(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw problem(
                        "'"
                                + text.substring(start, at)
                                + "' at column "
                                + (start + 1)
                                + " is not a number");
            }
        }

        private String name() {
            if (at >= text.length()) throw problem("ends where a metric name was expected");
            char quote = peek();
            if (quote == '`' || quote == '"') {
                int end = text.indexOf(quote, at + 1);
                if (end < 0) throw problem("has an unclosed " + quote + " at column " + (at + 1));
                String name = text.substring(at + 1, end).strip();
                if (name.isEmpty()) throw problem("has an empty quoted name at column " + (at + 1));
                at = end + 1;
                return name;
            }
            int start = at;
            while (at < text.length() && isNameChar(peek())) at++;
            if (at == start)
                throw problem(
                        "expected a metric name at column "
                                + (start + 1)
                                + ", found '"
                                + peek()
                                + "' (quote names with other characters in backticks)");
            return text.substring(start, at);
        }

        /** A '-' with a name character right before and a letter right after: "mmlu-pro". */
        private boolean joinsNames() {
            return at > 0
                    && at + 1 < text.length()
                    && isNameChar(text.charAt(at - 1))
                    && (Character.isLetter(text.charAt(at + 1)) || text.charAt(at + 1) == '_');
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c)
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '/'
                    || c == '@';
        }

        private char peek() {
            return text.charAt(at);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(peek())) at++;
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException("objective '" + text.strip() + "' " + what);
        }
    }
}
