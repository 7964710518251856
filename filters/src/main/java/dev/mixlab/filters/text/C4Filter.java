package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The C4 clean-up rules (Raffel et al. 2020, §2.2; datatrove's {@code C4QualityFilter}).
 *
 * <p>C4 removes lines without terminal punctuation, with fewer than 3 words, with a word over 1000
 * characters, mentioning "javascript" or a cookie/terms-of-use policy, then drops the page if fewer
 * than 5 sentences remain. Filters here decide keep or drop without rewriting text, so the decision
 * is made on the lines that would survive and a kept document is kept whole. Pages containing
 * "lorem ipsum" or a curly bracket are dropped outright.
 *
 * <p>Per-line rules apply only to documents with at least {@code min_lines_for_line_rules} lines;
 * below that, the whole text counts towards the sentence minimum.
 */
public final class C4Filter implements DocumentFilter {

    public static final String NAME = "c4";
    public static final String LOREM_IPSUM = NAME + ".lorem_ipsum";
    public static final String CURLY_BRACKET = NAME + ".curly_bracket";
    public static final String TOO_FEW_SENTENCES = NAME + ".too_few_sentences";

    private static final List<String> POLICY_PHRASES =
            List.of(
                    "terms of use",
                    "privacy policy",
                    "cookie policy",
                    "uses cookies",
                    "use of cookies",
                    "use cookies");

    private final Settings settings;
    private final LineBreaks lineBreaks;

    public C4Filter(Settings settings) {
        this.settings = settings;
        this.lineBreaks = new LineBreaks(settings.lineBreakSpaceRun());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Defaults are C4's (paper §2.2 and the TFDS {@code c4_utils} reference code, via datatrove).
     *
     * @param minSentences fewest sentences left after line removal, default 5
     * @param minWordsPerLine lines with fewer whitespace-separated words are removed, default 3
     * @param maxWordLength lines with a longer word are removed, default 1000 characters
     * @param requireTerminalPunctuation lines not ending in . ? ! " ' (or ending in "...") are
     *     removed, default true
     * @param dropJavascriptLines lines mentioning "javascript" are removed, default true
     * @param dropPolicyLines lines mentioning cookies, a privacy policy or terms of use are
     *     removed, default true
     * @param dropLoremIpsum pages containing "lorem ipsum" are dropped, default true
     * @param dropCurlyBracket pages containing "{" are dropped (code, not prose), default true
     * @param lineBreakSpaceRun see {@link LineBreaks}; default 0 (newlines only)
     * @param minLinesForLineRules per-line rules need this many lines; default 1 (always, as in C4)
     */
    public record Settings(
            int minSentences,
            int minWordsPerLine,
            int maxWordLength,
            boolean requireTerminalPunctuation,
            boolean dropJavascriptLines,
            boolean dropPolicyLines,
            boolean dropLoremIpsum,
            boolean dropCurlyBracket,
            int lineBreakSpaceRun,
            int minLinesForLineRules)
            implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<Integer> MIN_SENTENCES =
                SCHEMA.minCount(
                        "min_sentences",
                        5,
                        "Fewest sentences in the lines that survive the per-line rules (C4).");
        static final FilterParameter<Integer> MIN_WORDS_PER_LINE =
                SCHEMA.minCount(
                        "min_words_per_line",
                        3,
                        "Lines with fewer whitespace-separated words do not count (C4).");
        static final FilterParameter<Integer> MAX_WORD_LENGTH =
                SCHEMA.maxCount(
                        "max_word_length",
                        1000,
                        "Lines with a longer word, in characters, do not count (C4 reference code).");
        static final FilterParameter<Boolean> REQUIRE_TERMINAL_PUNCTUATION =
                SCHEMA.flag(
                        "require_terminal_punctuation",
                        true,
                        "Lines not ending in . ? ! \" ' (or ending in an ellipsis) do not count (C4).");
        static final FilterParameter<Boolean> DROP_JAVASCRIPT_LINES =
                SCHEMA.flag(
                        "drop_javascript_lines",
                        true,
                        "Lines mentioning 'javascript' do not count (C4).");
        static final FilterParameter<Boolean> DROP_POLICY_LINES =
                SCHEMA.flag(
                        "drop_policy_lines",
                        true,
                        "Lines mentioning cookies, a privacy policy or terms of use do not count (C4 reference code).");
        static final FilterParameter<Boolean> DROP_LOREM_IPSUM =
                SCHEMA.flag(
                        "drop_lorem_ipsum", true, "Drop documents containing 'lorem ipsum' (C4).");
        static final FilterParameter<Boolean> DROP_CURLY_BRACKET =
                SCHEMA.flag("drop_curly_bracket", true, "Drop documents containing '{' (C4).");
        static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
                LineBreaks.declareSpaceRun(SCHEMA);
        static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
                LineBreaks.declareMinLinesForLineRules(SCHEMA);

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            MIN_SENTENCES.check(minSentences);
            MIN_WORDS_PER_LINE.check(minWordsPerLine);
            MAX_WORD_LENGTH.check(maxWordLength);
            LINE_BREAK_SPACE_RUN.check(lineBreakSpaceRun);
            MIN_LINES_FOR_LINE_RULES.check(minLinesForLineRules);
        }

        public static Settings from(ParameterValues values) {
            return new Settings(
                    values.get(MIN_SENTENCES),
                    values.get(MIN_WORDS_PER_LINE),
                    values.get(MAX_WORD_LENGTH),
                    values.get(REQUIRE_TERMINAL_PUNCTUATION),
                    values.get(DROP_JAVASCRIPT_LINES),
                    values.get(DROP_POLICY_LINES),
                    values.get(DROP_LOREM_IPSUM),
                    values.get(DROP_CURLY_BRACKET),
                    values.get(LINE_BREAK_SPACE_RUN),
                    values.get(MIN_LINES_FOR_LINE_RULES));
        }
    }

    /** Why a line does not count; the order is the order C4 applies its line rules in. */
    private enum LineProblem {
        LONG_WORD("with a long word"),
        NO_TERMINAL_PUNCTUATION("without terminal punctuation"),
        TOO_FEW_WORDS("too short"),
        JAVASCRIPT("mentioning javascript"),
        POLICY("about a policy");

        private final String description;

        LineProblem(String description) {
            this.description = description;
        }
    }

    @Override
    public Verdict apply(Document doc) {
        String lower = doc.text().toLowerCase(Locale.ROOT);
        if (settings.dropLoremIpsum() && lower.contains("lorem ipsum")) {
            return Verdict.drop(LOREM_IPSUM, "contains 'lorem ipsum'");
        }
        if (settings.dropCurlyBracket() && lower.indexOf('{') >= 0) {
            return Verdict.drop(CURLY_BRACKET, "contains '{' at offset " + lower.indexOf('{'));
        }
        List<String> lines = lineBreaks.lines(doc.text());
        if (lines.size() < settings.minLinesForLineRules()) {
            int sentences = SentenceCounter.count(doc.text());
            return sentences < settings.minSentences()
                    ? Verdict.dropBelow(
                            TOO_FEW_SENTENCES,
                            sentences,
                            Settings.MIN_SENTENCES,
                            settings.minSentences())
                    : Verdict.keep();
        }
        int sentences = 0;
        int[] removedBy = new int[LineProblem.values().length];
        for (String line : lines) {
            LineProblem problem = problem(line);
            if (problem == null) {
                sentences += SentenceCounter.count(line);
            } else {
                removedBy[problem.ordinal()]++;
            }
        }
        if (sentences < settings.minSentences()) {
            return Verdict.dropBelow(
                            TOO_FEW_SENTENCES,
                            sentences,
                            Settings.MIN_SENTENCES,
                            settings.minSentences())
                    .withContext(describeRemovals(lines.size(), removedBy));
        }
        return Verdict.keep();
    }

    private LineProblem problem(String line) {
        String[] words = line.split("\\s+");
        for (String word : words) {
            if (word.length() > settings.maxWordLength()) {
                return LineProblem.LONG_WORD;
            }
        }
        if (settings.requireTerminalPunctuation() && !endsWithTerminalPunctuation(line)) {
            return LineProblem.NO_TERMINAL_PUNCTUATION;
        }
        if (words.length < settings.minWordsPerLine()) {
            return LineProblem.TOO_FEW_WORDS;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        if (settings.dropJavascriptLines() && lower.contains("javascript")) {
            return LineProblem.JAVASCRIPT;
        }
        if (settings.dropPolicyLines() && POLICY_PHRASES.stream().anyMatch(lower::contains)) {
            return LineProblem.POLICY;
        }
        return null;
    }

    private static boolean endsWithTerminalPunctuation(String line) {
        if (line.endsWith("...")) {
            return false;
        }
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == '?' || last == '!' || last == '"' || last == '\'';
    }

    private static String describeRemovals(int lineCount, int[] removedBy) {
        StringBuilder description = new StringBuilder("removed ");
        int removed = 0;
        for (LineProblem problem : LineProblem.values()) {
            int count = removedBy[problem.ordinal()];
            if (count > 0) {
                description
                        .append(removed == 0 ? "" : ", ")
                        .append(count)
                        .append(' ')
                        .append(problem.description);
                removed += count;
            }
        }
        if (removed == 0) {
            description.append("none");
        }
        return description.append(" of ").append(lineCount).append(" lines").toString();
    }
}
