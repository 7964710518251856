package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * The quality heuristics of Gopher / MassiveText (Rae et al. 2021, "Scaling Language Models",
 * §A.1.1), as implemented by datatrove's {@code GopherQualityFilter}, with words from {@link
 * WordSegmenter} and per-language stop words from {@link StopWords}.
 *
 * <p>The stop-word rule uses the language in {@code metadata.lang}; a document whose language has
 * no Lucene stop set is exempt from that rule. Without {@code metadata.lang} the {@code
 * fallback_language} applies: a fixed code, or {@code auto} for whichever supported language's stop
 * words occur most.
 */
public final class GopherQualityFilter extends LineRuleFilter {

    public static final String NAME = "gopher_quality";
    public static final String TOO_FEW_WORDS = NAME + ".too_few_words";
    public static final String TOO_MANY_WORDS = NAME + ".too_many_words";
    public static final String MEAN_WORD_TOO_SHORT = NAME + ".mean_word_too_short";
    public static final String MEAN_WORD_TOO_LONG = NAME + ".mean_word_too_long";
    public static final String TOO_MANY_HASHES = NAME + ".too_many_hashes";
    public static final String TOO_MANY_ELLIPSES = NAME + ".too_many_ellipses";
    public static final String TOO_MANY_BULLET_LINES = NAME + ".too_many_bullet_lines";
    public static final String TOO_MANY_ELLIPSIS_LINES = NAME + ".too_many_ellipsis_lines";
    public static final String TOO_FEW_ALPHABETIC_WORDS = NAME + ".too_few_alphabetic_words";
    public static final String TOO_FEW_STOP_WORDS = NAME + ".too_few_stop_words";

    /** Value of {@code fallback_language} that picks the best-matching stop set per document. */
    public static final String AUTO_LANGUAGE = "auto";

    private static final String BULLETS = "•●◦‣⁃▪■-*";

    /*
     * Defaults are Gopher's (Rae et al. 2021, §A.1.1, and datatrove's defaults) unless noted. Gopher's
     * stop-word rule counts 8 English words (the, be, to, of, and, that, have, with); here Lucene's
     * stop set of the document's language is used.
     */
    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Integer> MIN_WORDS =
            SCHEMA.minCount("min_words", 50, "Fewest words (Gopher).");
    public static final FilterParameter<Integer> MAX_WORDS =
            SCHEMA.maxCount("max_words", 100_000, "Most words (Gopher).");
    public static final FilterParameter<Double> MIN_MEAN_WORD_LENGTH =
            SCHEMA.minNumber(
                    "min_mean_word_length", 3, "Shortest mean word length in characters (Gopher).");
    public static final FilterParameter<Double> MAX_MEAN_WORD_LENGTH =
            SCHEMA.maxNumber(
                    "max_mean_word_length", 10, "Longest mean word length in characters (Gopher).");
    public static final FilterParameter<Double> MAX_SYMBOL_WORD_RATIO =
            SCHEMA.maxNumber(
                    "max_symbol_word_ratio",
                    0.1,
                    "Most '#' per word, and most ellipses ('...' or '…') per word (Gopher).");
    public static final FilterParameter<Double> MAX_BULLET_LINE_FRACTION =
            SCHEMA.maxFraction(
                    "max_bullet_line_fraction",
                    0.9,
                    "Largest share of lines starting with a bullet such as • or - (Gopher).");
    public static final FilterParameter<Double> MAX_ELLIPSIS_LINE_FRACTION =
            SCHEMA.maxFraction(
                    "max_ellipsis_line_fraction",
                    0.3,
                    "Largest share of lines ending with an ellipsis (Gopher).");
    public static final FilterParameter<Double> MIN_ALPHABETIC_WORD_FRACTION =
            SCHEMA.minFraction(
                    "min_alphabetic_word_fraction",
                    0.8,
                    "Smallest share of words containing a letter (Gopher).");
    public static final FilterParameter<Integer> MIN_STOP_WORDS =
            SCHEMA.minCount(
                    "min_stop_words",
                    2,
                    "Fewest stop word occurrences, using Lucene's stop set for metadata.lang (Gopher: 2 of 8 English"
                            + " words).");
    public static final FilterParameter<String> FALLBACK_LANGUAGE =
            SCHEMA.string(
                    "fallback_language",
                    "en",
                    "Stop word language when metadata.lang is absent: an ISO 639-1 code, or 'auto' for the"
                            + " best-matching language.");
    public static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
            LineBreaks.declareSpaceRun(SCHEMA);
    public static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
            LineBreaks.declareMinLinesForLineRules(SCHEMA);

    static {
        SCHEMA.notAbove(MIN_WORDS, MAX_WORDS);
        SCHEMA.rule(
                v ->
                        v.get(FALLBACK_LANGUAGE).equals(AUTO_LANGUAGE)
                                || StopWords.supportedCode(v.get(FALLBACK_LANGUAGE)).isPresent(),
                v ->
                        "parameter 'fallback_language' is '"
                                + v.get(FALLBACK_LANGUAGE)
                                + "', which has no Lucene stop set; use 'auto' or one of "
                                + StopWords.languages());
    }

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public GopherQualityFilter(ParameterValues settings) {
        super(NAME, settings, LINE_BREAK_SPACE_RUN);
    }

    @Override
    public Verdict apply(Document doc, TextFeatures features) {
        String text = features.text();
        List<String> words = features.words();
        int wordCount = words.size();
        if (wordCount < settings.get(MIN_WORDS)) {
            return Verdict.dropBelow(TOO_FEW_WORDS, wordCount, MIN_WORDS, settings.get(MIN_WORDS));
        }
        if (wordCount > settings.get(MAX_WORDS)) {
            return Verdict.dropAbove(TOO_MANY_WORDS, wordCount, MAX_WORDS, settings.get(MAX_WORDS));
        }
        if (wordCount > 0) {
            Verdict wordVerdict = checkWords(text, features);
            if (!wordVerdict.kept()) {
                return wordVerdict;
            }
        }
        Verdict lineVerdict =
                lineBreaks.applyLineRules(
                        features, settings.get(MIN_LINES_FOR_LINE_RULES), this::checkLines);
        return lineVerdict.kept() ? checkStopWords(doc, features) : lineVerdict;
    }

    private Verdict checkLines(List<String> lines) {
        double bulletLines =
                lines.stream().filter(line -> BULLETS.indexOf(line.charAt(0)) >= 0).count();
        if (bulletLines / lines.size() > settings.get(MAX_BULLET_LINE_FRACTION)) {
            return Verdict.dropAbove(
                    TOO_MANY_BULLET_LINES,
                    bulletLines / lines.size(),
                    MAX_BULLET_LINE_FRACTION,
                    settings.get(MAX_BULLET_LINE_FRACTION));
        }
        double ellipsisLines =
                lines.stream().filter(line -> line.endsWith("...") || line.endsWith("…")).count();
        if (ellipsisLines / lines.size() > settings.get(MAX_ELLIPSIS_LINE_FRACTION)) {
            return Verdict.dropAbove(
                    TOO_MANY_ELLIPSIS_LINES,
                    ellipsisLines / lines.size(),
                    MAX_ELLIPSIS_LINE_FRACTION,
                    settings.get(MAX_ELLIPSIS_LINE_FRACTION));
        }
        return Verdict.keep();
    }

    private Verdict checkWords(String text, TextFeatures features) {
        List<String> words = features.words();
        double wordCount = words.size();
        double meanLength = features.wordChars() / wordCount;
        if (meanLength < settings.get(MIN_MEAN_WORD_LENGTH)) {
            return Verdict.dropBelow(
                    MEAN_WORD_TOO_SHORT,
                    meanLength,
                    MIN_MEAN_WORD_LENGTH,
                    settings.get(MIN_MEAN_WORD_LENGTH));
        }
        if (meanLength > settings.get(MAX_MEAN_WORD_LENGTH)) {
            return Verdict.dropAbove(
                    MEAN_WORD_TOO_LONG,
                    meanLength,
                    MAX_MEAN_WORD_LENGTH,
                    settings.get(MAX_MEAN_WORD_LENGTH));
        }
        double hashRatio = occurrences(text, "#") / wordCount;
        if (hashRatio > settings.get(MAX_SYMBOL_WORD_RATIO)) {
            return Verdict.dropAbove(
                    TOO_MANY_HASHES,
                    hashRatio,
                    MAX_SYMBOL_WORD_RATIO,
                    settings.get(MAX_SYMBOL_WORD_RATIO));
        }
        double ellipsisRatio = (occurrences(text, "...") + occurrences(text, "…")) / wordCount;
        if (ellipsisRatio > settings.get(MAX_SYMBOL_WORD_RATIO)) {
            return Verdict.dropAbove(
                    TOO_MANY_ELLIPSES,
                    ellipsisRatio,
                    MAX_SYMBOL_WORD_RATIO,
                    settings.get(MAX_SYMBOL_WORD_RATIO));
        }
        double alphabetic =
                words.stream().filter(GopherQualityFilter::hasLetter).count() / wordCount;
        if (alphabetic < settings.get(MIN_ALPHABETIC_WORD_FRACTION)) {
            return Verdict.dropBelow(
                    TOO_FEW_ALPHABETIC_WORDS,
                    alphabetic,
                    MIN_ALPHABETIC_WORD_FRACTION,
                    settings.get(MIN_ALPHABETIC_WORD_FRACTION));
        }
        return Verdict.keep();
    }

    private Verdict checkStopWords(Document doc, TextFeatures features) {
        if (settings.get(MIN_STOP_WORDS) == 0) {
            return Verdict.keep();
        }
        Optional<String> tag = doc.metadataValue(Document.LANG);
        Optional<StopWords.LanguageCount> found;
        if (tag.isPresent()) {
            Optional<String> language = StopWords.supportedCode(tag.get());
            if (language.isEmpty()) {
                return Verdict.keep();
            }
            found =
                    Optional.of(
                            new StopWords.LanguageCount(
                                    language.get(), features.stopWords(language.get())));
        } else if (settings.get(FALLBACK_LANGUAGE).equals(AUTO_LANGUAGE)) {
            found = features.bestStopWordMatch();
        } else {
            String language =
                    StopWords.supportedCode(settings.get(FALLBACK_LANGUAGE)).orElseThrow();
            found =
                    Optional.of(
                            new StopWords.LanguageCount(language, features.stopWords(language)));
        }
        int count = found.map(StopWords.LanguageCount::count).orElse(0);
        if (count < settings.get(MIN_STOP_WORDS)) {
            return Verdict.dropBelow(
                            TOO_FEW_STOP_WORDS, count, MIN_STOP_WORDS, settings.get(MIN_STOP_WORDS))
                    .withContext(
                            found.map(match -> "language " + match.language())
                                    .orElse("no stop word of any supported language"));
        }
        return Verdict.keep();
    }

    private static int occurrences(String text, String symbol) {
        int count = 0;
        for (int at = text.indexOf(symbol);
                at >= 0;
                at = text.indexOf(symbol, at + symbol.length())) {
            count++;
        }
        return count;
    }

    private static boolean hasLetter(String word) {
        return word.codePoints().anyMatch(Character::isLetter);
    }
}
