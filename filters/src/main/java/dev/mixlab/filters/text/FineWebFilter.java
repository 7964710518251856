package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The extra line heuristics of FineWeb (Penedo et al. 2024; datatrove's {@code
 * FineWebQualityFilter}), which target navigation menus, lists and boilerplate that Gopher and C4
 * let through.
 *
 * <p>Lines come from {@link LineBreaks} (stripped, blank lines left out). The first three rules are
 * line-based and apply only to documents with at least {@code min_lines_for_line_rules} lines; the
 * list-like rule compares line breaks with words and needs no gate, since one line has no breaks.
 */
public final class FineWebFilter extends LineRuleFilter {

    public static final String NAME = "fineweb";
    public static final String TOO_FEW_PUNCTUATED_LINES = NAME + ".too_few_punctuated_lines";
    public static final String TOO_MANY_SHORT_LINES = NAME + ".too_many_short_lines";
    public static final String DUPLICATE_LINES = NAME + ".duplicate_lines";
    public static final String LIST_LIKE = NAME + ".list_like";

    /*
     * Defaults are FineWeb's (datatrove FineWebQualityFilter defaults). FineWeb drops at "ratio ≤
     * 0.12" and "≥ 0.67"; here every minimum is strict (<) and every maximum strict (>) so that all
     * filters share one convention; only exact ties differ.
     */
    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Double> MIN_PUNCTUATED_LINE_FRACTION =
            SCHEMA.minFraction(
                    "min_punctuated_line_fraction",
                    0.12,
                    "Smallest share of lines ending in . ' \" ! ? (FineWeb).");
    public static final FilterParameter<Double> MAX_SHORT_LINE_FRACTION =
            SCHEMA.maxFraction(
                    "max_short_line_fraction", 0.67, "Largest share of short lines (FineWeb).");
    public static final FilterParameter<Integer> SHORT_LINE_MAX_CHARS =
            SCHEMA.integer(
                    "short_line_max_chars",
                    30,
                    1,
                    Integer.MAX_VALUE,
                    "A line of at most this many characters is short (FineWeb).");
    public static final FilterParameter<Double> MAX_DUPLICATE_LINE_CHAR_FRACTION =
            SCHEMA.maxFraction(
                    "max_duplicate_line_char_fraction",
                    0.01,
                    "Largest share of line characters in lines repeating an earlier line (FineWeb).");
    public static final FilterParameter<Double> MAX_LINE_BREAK_WORD_RATIO =
            SCHEMA.maxNumber(
                    "max_line_break_word_ratio",
                    0.3,
                    "Most line breaks per word; higher means a list or menu (FineWeb).");
    public static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
            LineBreaks.declareSpaceRun(SCHEMA);
    public static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
            LineBreaks.declareMinLinesForLineRules(SCHEMA);

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public FineWebFilter(ParameterValues settings) {
        super(NAME, settings, LINE_BREAK_SPACE_RUN);
    }

    @Override
    public Verdict apply(Document doc, TextFeatures features) {
        Verdict lineVerdict =
                lineBreaks.applyLineRules(
                        features, settings.get(MIN_LINES_FOR_LINE_RULES), this::checkLines);
        if (!lineVerdict.kept()) {
            return lineVerdict;
        }
        int lineBreaksBetweenLines = Math.max(0, features.lines(lineBreaks).size() - 1);
        if (lineBreaksBetweenLines > 0) {
            int words = features.words().size();
            double ratio =
                    words == 0 ? Double.POSITIVE_INFINITY : (double) lineBreaksBetweenLines / words;
            if (ratio > settings.get(MAX_LINE_BREAK_WORD_RATIO)) {
                return Verdict.dropAbove(
                        LIST_LIKE,
                        ratio,
                        MAX_LINE_BREAK_WORD_RATIO,
                        settings.get(MAX_LINE_BREAK_WORD_RATIO));
            }
        }
        return Verdict.keep();
    }

    private Verdict checkLines(List<String> lines) {
        double punctuated =
                lines.stream().filter(FineWebFilter::endsWithStopCharacter).count()
                        / (double) lines.size();
        if (punctuated < settings.get(MIN_PUNCTUATED_LINE_FRACTION)) {
            return Verdict.dropBelow(
                    TOO_FEW_PUNCTUATED_LINES,
                    punctuated,
                    MIN_PUNCTUATED_LINE_FRACTION,
                    settings.get(MIN_PUNCTUATED_LINE_FRACTION));
        }
        double shortLines =
                lines.stream()
                                .filter(line -> line.length() <= settings.get(SHORT_LINE_MAX_CHARS))
                                .count()
                        / (double) lines.size();
        if (shortLines > settings.get(MAX_SHORT_LINE_FRACTION)) {
            return Verdict.dropAbove(
                    TOO_MANY_SHORT_LINES,
                    shortLines,
                    MAX_SHORT_LINE_FRACTION,
                    settings.get(MAX_SHORT_LINE_FRACTION));
        }
        Set<String> seen = new HashSet<>();
        long duplicateChars = 0;
        long totalChars = 0;
        for (String line : lines) {
            totalChars += line.length();
            if (!seen.add(line)) {
                duplicateChars += line.length();
            }
        }
        double duplicateFraction = (double) duplicateChars / totalChars;
        if (duplicateFraction > settings.get(MAX_DUPLICATE_LINE_CHAR_FRACTION)) {
            return Verdict.dropAbove(
                    DUPLICATE_LINES,
                    duplicateFraction,
                    MAX_DUPLICATE_LINE_CHAR_FRACTION,
                    settings.get(MAX_DUPLICATE_LINE_CHAR_FRACTION));
        }
        return Verdict.keep();
    }

    private static boolean endsWithStopCharacter(String line) {
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == '\'' || last == '"' || last == '!' || last == '?';
    }
}
