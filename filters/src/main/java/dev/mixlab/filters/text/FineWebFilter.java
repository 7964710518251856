package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
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
public final class FineWebFilter implements DocumentFilter {

    public static final String NAME = "fineweb";
    public static final String TOO_FEW_PUNCTUATED_LINES = NAME + ".too_few_punctuated_lines";
    public static final String TOO_MANY_SHORT_LINES = NAME + ".too_many_short_lines";
    public static final String DUPLICATE_LINES = NAME + ".duplicate_lines";
    public static final String LIST_LIKE = NAME + ".list_like";

    private final Settings settings;
    private final LineBreaks lineBreaks;

    public FineWebFilter(Settings settings) {
        this.settings = settings;
        this.lineBreaks = new LineBreaks(settings.lineBreakSpaceRun());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Defaults are FineWeb's (datatrove {@code FineWebQualityFilter} defaults). FineWeb drops at
     * "ratio ≤ 0.12" and "≥ 0.67"; here every minimum is strict ({@code <}) and every maximum
     * strict ({@code >}) so that all filters share one convention; only exact ties differ.
     *
     * @param minPunctuatedLineFraction smallest share of lines ending in . ' " ! ?, default 0.12
     * @param maxShortLineFraction largest share of short lines, default 0.67
     * @param shortLineMaxChars a line this long or shorter is short, default 30 characters
     * @param maxDuplicateLineCharFraction largest share of line characters in lines repeating an
     *     earlier line, default 0.01
     * @param maxLineBreakWordRatio most line breaks per word (lists, menus), default 0.3
     * @param lineBreakSpaceRun see {@link LineBreaks}; default 0 (newlines only)
     * @param minLinesForLineRules the first three rules need this many lines; default 1
     */
    public record Settings(
            double minPunctuatedLineFraction,
            double maxShortLineFraction,
            int shortLineMaxChars,
            double maxDuplicateLineCharFraction,
            double maxLineBreakWordRatio,
            int lineBreakSpaceRun,
            int minLinesForLineRules)
            implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<Double> MIN_PUNCTUATED_LINE_FRACTION =
                SCHEMA.minFraction(
                        "min_punctuated_line_fraction",
                        0.12,
                        "Smallest share of lines ending in . ' \" ! ? (FineWeb).");
        static final FilterParameter<Double> MAX_SHORT_LINE_FRACTION =
                SCHEMA.maxFraction(
                        "max_short_line_fraction", 0.67, "Largest share of short lines (FineWeb).");
        static final FilterParameter<Integer> SHORT_LINE_MAX_CHARS =
                SCHEMA.integer(
                        "short_line_max_chars",
                        30,
                        1,
                        Integer.MAX_VALUE,
                        "A line of at most this many characters is short (FineWeb).");
        static final FilterParameter<Double> MAX_DUPLICATE_LINE_CHAR_FRACTION =
                SCHEMA.maxFraction(
                        "max_duplicate_line_char_fraction",
                        0.01,
                        "Largest share of line characters in lines repeating an earlier line (FineWeb).");
        static final FilterParameter<Double> MAX_LINE_BREAK_WORD_RATIO =
                SCHEMA.maxNumber(
                        "max_line_break_word_ratio",
                        0.3,
                        "Most line breaks per word; higher means a list or menu (FineWeb).");
        static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
                LineBreaks.declareSpaceRun(SCHEMA);
        static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
                LineBreaks.declareMinLinesForLineRules(SCHEMA);

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            MIN_PUNCTUATED_LINE_FRACTION.check(minPunctuatedLineFraction);
            MAX_SHORT_LINE_FRACTION.check(maxShortLineFraction);
            SHORT_LINE_MAX_CHARS.check(shortLineMaxChars);
            MAX_DUPLICATE_LINE_CHAR_FRACTION.check(maxDuplicateLineCharFraction);
            MAX_LINE_BREAK_WORD_RATIO.check(maxLineBreakWordRatio);
            LINE_BREAK_SPACE_RUN.check(lineBreakSpaceRun);
            MIN_LINES_FOR_LINE_RULES.check(minLinesForLineRules);
        }

        public static Settings from(ParameterValues values) {
            return new Settings(
                    values.get(MIN_PUNCTUATED_LINE_FRACTION),
                    values.get(MAX_SHORT_LINE_FRACTION),
                    values.get(SHORT_LINE_MAX_CHARS),
                    values.get(MAX_DUPLICATE_LINE_CHAR_FRACTION),
                    values.get(MAX_LINE_BREAK_WORD_RATIO),
                    values.get(LINE_BREAK_SPACE_RUN),
                    values.get(MIN_LINES_FOR_LINE_RULES));
        }
    }

    @Override
    public Verdict apply(Document doc) {
        List<String> lines = lineBreaks.lines(doc.text());
        if (!lines.isEmpty() && lines.size() >= settings.minLinesForLineRules()) {
            Verdict lineVerdict = checkLines(lines);
            if (!lineVerdict.kept()) {
                return lineVerdict;
            }
        }
        int lineBreaksBetweenLines = Math.max(0, lines.size() - 1);
        if (lineBreaksBetweenLines > 0) {
            int words = WordSegmenter.words(doc.text()).size();
            double ratio =
                    words == 0 ? Double.POSITIVE_INFINITY : (double) lineBreaksBetweenLines / words;
            if (ratio > settings.maxLineBreakWordRatio()) {
                return Verdict.dropAbove(
                        LIST_LIKE,
                        ratio,
                        Settings.MAX_LINE_BREAK_WORD_RATIO,
                        settings.maxLineBreakWordRatio());
            }
        }
        return Verdict.keep();
    }

    private Verdict checkLines(List<String> lines) {
        double punctuated =
                lines.stream().filter(FineWebFilter::endsWithStopCharacter).count()
                        / (double) lines.size();
        if (punctuated < settings.minPunctuatedLineFraction()) {
            return Verdict.dropBelow(
                    TOO_FEW_PUNCTUATED_LINES,
                    punctuated,
                    Settings.MIN_PUNCTUATED_LINE_FRACTION,
                    settings.minPunctuatedLineFraction());
        }
        double shortLines =
                lines.stream().filter(line -> line.length() <= settings.shortLineMaxChars()).count()
                        / (double) lines.size();
        if (shortLines > settings.maxShortLineFraction()) {
            return Verdict.dropAbove(
                    TOO_MANY_SHORT_LINES,
                    shortLines,
                    Settings.MAX_SHORT_LINE_FRACTION,
                    settings.maxShortLineFraction());
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
        if (duplicateFraction > settings.maxDuplicateLineCharFraction()) {
            return Verdict.dropAbove(
                    DUPLICATE_LINES,
                    duplicateFraction,
                    Settings.MAX_DUPLICATE_LINE_CHAR_FRACTION,
                    settings.maxDuplicateLineCharFraction());
        }
        return Verdict.keep();
    }

    private static boolean endsWithStopCharacter(String line) {
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == '\'' || last == '"' || last == '!' || last == '?';
    }
}
