package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;

/**
 * The basic code-file heuristics of Codex (Chen et al. 2021) as used for The Stack / StarCoder
 * (bigcode-dataset {@code preprocessing/filtering.py}, "basic" filter): very long lines and a low
 * share of alphanumeric characters mark minified, generated or binary-like files.
 */
public final class CodeQualityFilter implements DocumentFilter {

    public static final String NAME = "code_quality";
    public static final String TOO_FEW_LINES = NAME + ".too_few_lines";
    public static final String LINE_TOO_LONG = NAME + ".line_too_long";
    public static final String MEAN_LINE_TOO_LONG = NAME + ".mean_line_too_long";
    public static final String TOO_FEW_ALPHANUMERIC = NAME + ".too_few_alphanumeric";

    private final Settings settings;

    public CodeQualityFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param minLines fewest lines, default 1 (no standard value; raise it to drop stub files)
     * @param maxLineLength longest line in characters, default 1000 (Codex, StarCoder)
     * @param maxMeanLineLength longest mean line length, default 100 (Codex, StarCoder)
     * @param minAlphanumericFraction smallest share of letters and digits among all characters,
     *     default 0.25 (Codex, StarCoder)
     */
    public record Settings(
            int minLines,
            int maxLineLength,
            double maxMeanLineLength,
            double minAlphanumericFraction)
            implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<Integer> MIN_LINES =
                SCHEMA.minCount(
                        "min_lines",
                        1,
                        "Fewest lines (no standard value; raise it to drop stub files).");
        static final FilterParameter<Integer> MAX_LINE_LENGTH =
                SCHEMA.maxCount(
                        "max_line_length", 1000, "Longest line in characters (Codex, StarCoder).");
        static final FilterParameter<Double> MAX_MEAN_LINE_LENGTH =
                SCHEMA.maxNumber(
                        "max_mean_line_length",
                        100,
                        "Longest mean line length in characters (Codex, StarCoder).");
        static final FilterParameter<Double> MIN_ALPHANUMERIC_FRACTION =
                SCHEMA.minFraction(
                        "min_alphanumeric_fraction",
                        0.25,
                        "Smallest share of letters and digits among all characters"
                                + " (Codex, StarCoder).");

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            MIN_LINES.check(minLines);
            MAX_LINE_LENGTH.check(maxLineLength);
            MAX_MEAN_LINE_LENGTH.check(maxMeanLineLength);
            MIN_ALPHANUMERIC_FRACTION.check(minAlphanumericFraction);
        }

        public static Settings from(ParameterValues values) {
            return new Settings(
                    values.get(MIN_LINES),
                    values.get(MAX_LINE_LENGTH),
                    values.get(MAX_MEAN_LINE_LENGTH),
                    values.get(MIN_ALPHANUMERIC_FRACTION));
        }
    }

    @Override
    public Verdict apply(Document doc) {
        String text = doc.text();
        int lines = 0;
        int longestLine = 0;
        long lineChars = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lines++;
            longestLine = Math.max(longestLine, line.length());
            lineChars += line.length();
        }
        if (lines < settings.minLines()) {
            return Verdict.dropBelow(TOO_FEW_LINES, lines, Settings.MIN_LINES, settings.minLines());
        }
        if (longestLine > settings.maxLineLength()) {
            return Verdict.dropAbove(
                    LINE_TOO_LONG, longestLine, Settings.MAX_LINE_LENGTH, settings.maxLineLength());
        }
        double meanLine = lines == 0 ? 0 : (double) lineChars / lines;
        if (meanLine > settings.maxMeanLineLength()) {
            return Verdict.dropAbove(
                    MEAN_LINE_TOO_LONG,
                    meanLine,
                    Settings.MAX_MEAN_LINE_LENGTH,
                    settings.maxMeanLineLength());
        }
        double alphanumeric =
                text.isEmpty()
                        ? 0
                        : (double) text.chars().filter(Character::isLetterOrDigit).count()
                                / text.length();
        if (alphanumeric < settings.minAlphanumericFraction()) {
            return Verdict.dropBelow(
                    TOO_FEW_ALPHANUMERIC,
                    alphanumeric,
                    Settings.MIN_ALPHANUMERIC_FRACTION,
                    settings.minAlphanumericFraction());
        }
        return Verdict.keep();
    }
}
