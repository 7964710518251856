package dev.mixlab.filters.code;

import dev.mixlab.filters.ConfiguredFilter;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;

/**
 * The basic code-file heuristics of Codex (Chen et al. 2021) as used for The Stack / StarCoder
 * (bigcode-dataset {@code preprocessing/filtering.py}, "basic" filter): very long lines and a low
 * share of alphanumeric characters mark minified, generated or binary-like files.
 */
public final class CodeQualityFilter extends ConfiguredFilter {

    public static final String NAME = "code_quality";
    public static final String TOO_FEW_LINES = NAME + ".too_few_lines";
    public static final String LINE_TOO_LONG = NAME + ".line_too_long";
    public static final String MEAN_LINE_TOO_LONG = NAME + ".mean_line_too_long";
    public static final String TOO_FEW_ALPHANUMERIC = NAME + ".too_few_alphanumeric";

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Integer> MIN_LINES =
            SCHEMA.minCount(
                    "min_lines",
                    1,
                    "Fewest lines (no standard value; raise it to drop stub files).");
    public static final FilterParameter<Integer> MAX_LINE_LENGTH =
            SCHEMA.maxCount(
                    "max_line_length", 1000, "Longest line in characters (Codex, StarCoder).");
    public static final FilterParameter<Double> MAX_MEAN_LINE_LENGTH =
            SCHEMA.maxNumber(
                    "max_mean_line_length",
                    100,
                    "Longest mean line length in characters (Codex, StarCoder).");
    public static final FilterParameter<Double> MIN_ALPHANUMERIC_FRACTION =
            SCHEMA.minFraction(
                    "min_alphanumeric_fraction",
                    0.25,
                    "Smallest share of letters and digits among all characters"
                            + " (Codex, StarCoder).");

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public CodeQualityFilter(ParameterValues settings) {
        super(NAME, settings);
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
        if (lines < settings.get(MIN_LINES)) {
            return Verdict.dropBelow(TOO_FEW_LINES, lines, MIN_LINES, settings.get(MIN_LINES));
        }
        if (longestLine > settings.get(MAX_LINE_LENGTH)) {
            return Verdict.dropAbove(
                    LINE_TOO_LONG, longestLine, MAX_LINE_LENGTH, settings.get(MAX_LINE_LENGTH));
        }
        double meanLine = lines == 0 ? 0 : (double) lineChars / lines;
        if (meanLine > settings.get(MAX_MEAN_LINE_LENGTH)) {
            return Verdict.dropAbove(
                    MEAN_LINE_TOO_LONG,
                    meanLine,
                    MAX_MEAN_LINE_LENGTH,
                    settings.get(MAX_MEAN_LINE_LENGTH));
        }
        double alphanumeric =
                text.isEmpty()
                        ? 0
                        : (double) text.chars().filter(Character::isLetterOrDigit).count()
                                / text.length();
        if (alphanumeric < settings.get(MIN_ALPHANUMERIC_FRACTION)) {
            return Verdict.dropBelow(
                    TOO_FEW_ALPHANUMERIC,
                    alphanumeric,
                    MIN_ALPHANUMERIC_FRACTION,
                    settings.get(MIN_ALPHANUMERIC_FRACTION));
        }
        return Verdict.keep();
    }
}
