package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
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
public final class C4Filter extends LineRuleFilter {

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

    // Defaults are C4's (paper §2.2 and the TFDS c4_utils reference code, via datatrove).
    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Integer> MIN_SENTENCES =
            SCHEMA.minCount(
                    "min_sentences",
                    5,
                    "Fewest sentences in the lines that survive the per-line rules (C4).");
    public static final FilterParameter<Integer> MIN_WORDS_PER_LINE =
            SCHEMA.minCount(
                    "min_words_per_line",
                    3,
                    "Lines with fewer whitespace-separated words do not count (C4).");
    public static final FilterParameter<Integer> MAX_WORD_LENGTH =
            SCHEMA.maxCount(
                    "max_word_length",
                    1000,
                    "Lines with a longer word, in characters, do not count (C4 reference code).");
    public static final FilterParameter<Boolean> REQUIRE_TERMINAL_PUNCTUATION =
            SCHEMA.flag(
                    "require_terminal_punctuation",
                    true,
                    "Lines not ending in . ? ! \" ' (or ending in an ellipsis) do not count (C4).");
    public static final FilterParameter<Boolean> DROP_JAVASCRIPT_LINES =
            SCHEMA.flag(
                    "drop_javascript_lines",
                    true,
                    "Lines mentioning 'javascript' do not count (C4).");
    public static final FilterParameter<Boolean> DROP_POLICY_LINES =
            SCHEMA.flag(
                    "drop_policy_lines",
                    true,
                    "Lines mentioning cookies, a privacy policy or terms of use do not count (C4 reference code).");
    public static final FilterParameter<Boolean> DROP_LOREM_IPSUM =
            SCHEMA.flag("drop_lorem_ipsum", true, "Drop documents containing 'lorem ipsum' (C4).");
    public static final FilterParameter<Boolean> DROP_CURLY_BRACKET =
            SCHEMA.flag("drop_curly_bracket", true, "Drop documents containing '{' (C4).");
    public static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
            LineBreaks.declareSpaceRun(SCHEMA);
    public static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
            LineBreaks.declareMinLinesForLineRules(SCHEMA);

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public C4Filter(ParameterValues settings) {
        super(NAME, settings, LINE_BREAK_SPACE_RUN);
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
    public Verdict apply(Document doc, TextFeatures features) {
        String lower = features.lowerCase();
        if (settings.get(DROP_LOREM_IPSUM) && lower.contains("lorem ipsum")) {
            return Verdict.drop(LOREM_IPSUM, "contains 'lorem ipsum'");
        }
        if (settings.get(DROP_CURLY_BRACKET) && lower.indexOf('{') >= 0) {
            return Verdict.drop(CURLY_BRACKET, "contains '{' at offset " + lower.indexOf('{'));
        }
        List<String> lines = features.lines(lineBreaks);
        if (lines.size() < settings.get(MIN_LINES_FOR_LINE_RULES)) {
            int sentences = SentenceCounter.count(doc.text());
            return sentences < settings.get(MIN_SENTENCES)
                    ? Verdict.dropBelow(
                            TOO_FEW_SENTENCES,
                            sentences,
                            MIN_SENTENCES,
                            settings.get(MIN_SENTENCES))
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
        if (sentences < settings.get(MIN_SENTENCES)) {
            return Verdict.dropBelow(
                            TOO_FEW_SENTENCES,
                            sentences,
                            MIN_SENTENCES,
                            settings.get(MIN_SENTENCES))
                    .withContext(describeRemovals(lines.size(), removedBy));
        }
        return Verdict.keep();
    }

    private LineProblem problem(String line) {
        String[] words = line.split("\\s+");
        for (String word : words) {
            if (word.length() > settings.get(MAX_WORD_LENGTH)) {
                return LineProblem.LONG_WORD;
            }
        }
        if (settings.get(REQUIRE_TERMINAL_PUNCTUATION) && !endsWithTerminalPunctuation(line)) {
            return LineProblem.NO_TERMINAL_PUNCTUATION;
        }
        if (words.length < settings.get(MIN_WORDS_PER_LINE)) {
            return LineProblem.TOO_FEW_WORDS;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        if (settings.get(DROP_JAVASCRIPT_LINES) && lower.contains("javascript")) {
            return LineProblem.JAVASCRIPT;
        }
        if (settings.get(DROP_POLICY_LINES) && POLICY_PHRASES.stream().anyMatch(lower::contains)) {
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
