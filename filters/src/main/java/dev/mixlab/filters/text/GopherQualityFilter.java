package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
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
public final class GopherQualityFilter implements DocumentFilter {

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

    private final Settings settings;
    private final LineBreaks lineBreaks;

    public GopherQualityFilter(Settings settings) {
        this.settings = settings;
        this.lineBreaks = new LineBreaks(settings.lineBreakSpaceRun());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Defaults are Gopher's (paper §A.1.1, datatrove's defaults) unless noted.
     *
     * @param minWords fewest words, default 50
     * @param maxWords most words, default 100,000
     * @param minMeanWordLength shortest mean word length in characters, default 3
     * @param maxMeanWordLength longest mean word length, default 10
     * @param maxSymbolWordRatio most {@code #} characters, or most ellipses ({@code ...} or {@code
     *     …}), per word, default 0.1
     * @param maxBulletLineFraction largest share of lines starting with a bullet, default 0.9
     * @param maxEllipsisLineFraction largest share of lines ending with an ellipsis, default 0.3
     * @param minAlphabeticWordFraction smallest share of words containing a letter, default 0.8
     * @param minStopWords fewest stop word occurrences, default 2; Gopher counts 8 English words
     *     (the, be, to, of, and, that, have, with), here Lucene's stop set of the document's
     *     language is used
     * @param fallbackLanguage language for documents without {@code metadata.lang}: a code from
     *     {@link StopWords#languages()} or {@code auto}; default {@code en}, as Gopher is
     *     English-only
     * @param lineBreakSpaceRun see {@link LineBreaks}; default 0 (newlines only)
     * @param minLinesForLineRules bullet and ellipsis line rules need this many lines; default 1
     */
    public record Settings(
            int minWords,
            int maxWords,
            double minMeanWordLength,
            double maxMeanWordLength,
            double maxSymbolWordRatio,
            double maxBulletLineFraction,
            double maxEllipsisLineFraction,
            double minAlphabeticWordFraction,
            int minStopWords,
            String fallbackLanguage,
            int lineBreakSpaceRun,
            int minLinesForLineRules)
            implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<Integer> MIN_WORDS =
                SCHEMA.minCount("min_words", 50, "Fewest words (Gopher).");
        static final FilterParameter<Integer> MAX_WORDS =
                SCHEMA.maxCount("max_words", 100_000, "Most words (Gopher).");
        static final FilterParameter<Double> MIN_MEAN_WORD_LENGTH =
                SCHEMA.minNumber(
                        "min_mean_word_length",
                        3,
                        "Shortest mean word length in characters (Gopher).");
        static final FilterParameter<Double> MAX_MEAN_WORD_LENGTH =
                SCHEMA.maxNumber(
                        "max_mean_word_length",
                        10,
                        "Longest mean word length in characters (Gopher).");
        static final FilterParameter<Double> MAX_SYMBOL_WORD_RATIO =
                SCHEMA.maxNumber(
                        "max_symbol_word_ratio",
                        0.1,
                        "Most '#' per word, and most ellipses ('...' or '…') per word (Gopher).");
        static final FilterParameter<Double> MAX_BULLET_LINE_FRACTION =
                SCHEMA.maxFraction(
                        "max_bullet_line_fraction",
                        0.9,
                        "Largest share of lines starting with a bullet such as • or - (Gopher).");
        static final FilterParameter<Double> MAX_ELLIPSIS_LINE_FRACTION =
                SCHEMA.maxFraction(
                        "max_ellipsis_line_fraction",
                        0.3,
                        "Largest share of lines ending with an ellipsis (Gopher).");
        static final FilterParameter<Double> MIN_ALPHABETIC_WORD_FRACTION =
                SCHEMA.minFraction(
                        "min_alphabetic_word_fraction",
                        0.8,
                        "Smallest share of words containing a letter (Gopher).");
        static final FilterParameter<Integer> MIN_STOP_WORDS =
                SCHEMA.minCount(
                        "min_stop_words",
                        2,
                        "Fewest stop word occurrences, using Lucene's stop set for metadata.lang (Gopher: 2 of 8 English"
                                + " words).");
        static final FilterParameter<String> FALLBACK_LANGUAGE =
                SCHEMA.string(
                        "fallback_language",
                        "en",
                        "Stop word language when metadata.lang is absent: an ISO 639-1 code, or 'auto' for the"
                                + " best-matching language.");
        static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
                LineBreaks.declareSpaceRun(SCHEMA);
        static final FilterParameter<Integer> MIN_LINES_FOR_LINE_RULES =
                LineBreaks.declareMinLinesForLineRules(SCHEMA);

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            MIN_WORDS.check(minWords);
            MAX_WORDS.check(maxWords);
            MIN_MEAN_WORD_LENGTH.check(minMeanWordLength);
            MAX_MEAN_WORD_LENGTH.check(maxMeanWordLength);
            MAX_SYMBOL_WORD_RATIO.check(maxSymbolWordRatio);
            MAX_BULLET_LINE_FRACTION.check(maxBulletLineFraction);
            MAX_ELLIPSIS_LINE_FRACTION.check(maxEllipsisLineFraction);
            MIN_ALPHABETIC_WORD_FRACTION.check(minAlphabeticWordFraction);
            MIN_STOP_WORDS.check(minStopWords);
            FALLBACK_LANGUAGE.check(fallbackLanguage);
            LINE_BREAK_SPACE_RUN.check(lineBreakSpaceRun);
            MIN_LINES_FOR_LINE_RULES.check(minLinesForLineRules);
            if (minWords > maxWords) {
                throw new IllegalArgumentException(
                        SCHEMA.subject()
                                + ": min_words "
                                + minWords
                                + " is greater than max_words "
                                + maxWords);
            }
            if (!fallbackLanguage.equals(AUTO_LANGUAGE)
                    && StopWords.supportedCode(fallbackLanguage).isEmpty()) {
                throw new IllegalArgumentException(
                        SCHEMA.subject()
                                + ": parameter 'fallback_language' is '"
                                + fallbackLanguage
                                + "', which has no Lucene stop set; use 'auto' or one of "
                                + StopWords.languages());
            }
        }

        public static Settings from(ParameterValues values) {
            return new Settings(
                    values.get(MIN_WORDS),
                    values.get(MAX_WORDS),
                    values.get(MIN_MEAN_WORD_LENGTH),
                    values.get(MAX_MEAN_WORD_LENGTH),
                    values.get(MAX_SYMBOL_WORD_RATIO),
                    values.get(MAX_BULLET_LINE_FRACTION),
                    values.get(MAX_ELLIPSIS_LINE_FRACTION),
                    values.get(MIN_ALPHABETIC_WORD_FRACTION),
                    values.get(MIN_STOP_WORDS),
                    values.get(FALLBACK_LANGUAGE),
                    values.get(LINE_BREAK_SPACE_RUN),
                    values.get(MIN_LINES_FOR_LINE_RULES));
        }
    }

    @Override
    public Verdict apply(Document doc) {
        String text = doc.text();
        List<String> words = WordSegmenter.words(text);
        int wordCount = words.size();
        if (wordCount < settings.minWords()) {
            return Verdict.dropBelow(
                    TOO_FEW_WORDS, wordCount, Settings.MIN_WORDS, settings.minWords());
        }
        if (wordCount > settings.maxWords()) {
            return Verdict.dropAbove(
                    TOO_MANY_WORDS, wordCount, Settings.MAX_WORDS, settings.maxWords());
        }
        if (wordCount > 0) {
            Verdict wordVerdict = checkWords(text, words);
            if (!wordVerdict.kept()) {
                return wordVerdict;
            }
        }
        List<String> lines = lineBreaks.lines(text);
        if (!lines.isEmpty() && lines.size() >= settings.minLinesForLineRules()) {
            Verdict lineVerdict = checkLines(lines);
            if (!lineVerdict.kept()) {
                return lineVerdict;
            }
        }
        return checkStopWords(doc, words);
    }

    private Verdict checkLines(List<String> lines) {
        double bulletLines =
                lines.stream().filter(line -> BULLETS.indexOf(line.charAt(0)) >= 0).count();
        if (bulletLines / lines.size() > settings.maxBulletLineFraction()) {
            return Verdict.dropAbove(
                    TOO_MANY_BULLET_LINES,
                    bulletLines / lines.size(),
                    Settings.MAX_BULLET_LINE_FRACTION,
                    settings.maxBulletLineFraction());
        }
        double ellipsisLines =
                lines.stream().filter(line -> line.endsWith("...") || line.endsWith("…")).count();
        if (ellipsisLines / lines.size() > settings.maxEllipsisLineFraction()) {
            return Verdict.dropAbove(
                    TOO_MANY_ELLIPSIS_LINES,
                    ellipsisLines / lines.size(),
                    Settings.MAX_ELLIPSIS_LINE_FRACTION,
                    settings.maxEllipsisLineFraction());
        }
        return Verdict.keep();
    }

    private Verdict checkWords(String text, List<String> words) {
        double wordCount = words.size();
        double meanLength = words.stream().mapToInt(String::length).sum() / wordCount;
        if (meanLength < settings.minMeanWordLength()) {
            return Verdict.dropBelow(
                    MEAN_WORD_TOO_SHORT,
                    meanLength,
                    Settings.MIN_MEAN_WORD_LENGTH,
                    settings.minMeanWordLength());
        }
        if (meanLength > settings.maxMeanWordLength()) {
            return Verdict.dropAbove(
                    MEAN_WORD_TOO_LONG,
                    meanLength,
                    Settings.MAX_MEAN_WORD_LENGTH,
                    settings.maxMeanWordLength());
        }
        double hashRatio = occurrences(text, "#") / wordCount;
        if (hashRatio > settings.maxSymbolWordRatio()) {
            return Verdict.dropAbove(
                    TOO_MANY_HASHES,
                    hashRatio,
                    Settings.MAX_SYMBOL_WORD_RATIO,
                    settings.maxSymbolWordRatio());
        }
        double ellipsisRatio = (occurrences(text, "...") + occurrences(text, "…")) / wordCount;
        if (ellipsisRatio > settings.maxSymbolWordRatio()) {
            return Verdict.dropAbove(
                    TOO_MANY_ELLIPSES,
                    ellipsisRatio,
                    Settings.MAX_SYMBOL_WORD_RATIO,
                    settings.maxSymbolWordRatio());
        }
        double alphabetic =
                words.stream().filter(GopherQualityFilter::hasLetter).count() / wordCount;
        if (alphabetic < settings.minAlphabeticWordFraction()) {
            return Verdict.dropBelow(
                    TOO_FEW_ALPHABETIC_WORDS,
                    alphabetic,
                    Settings.MIN_ALPHABETIC_WORD_FRACTION,
                    settings.minAlphabeticWordFraction());
        }
        return Verdict.keep();
    }

    private Verdict checkStopWords(Document doc, List<String> words) {
        if (settings.minStopWords() == 0) {
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
                                    language.get(), StopWords.count(words, language.get())));
        } else if (settings.fallbackLanguage().equals(AUTO_LANGUAGE)) {
            found = StopWords.bestMatch(words);
        } else {
            String language = StopWords.supportedCode(settings.fallbackLanguage()).orElseThrow();
            found =
                    Optional.of(
                            new StopWords.LanguageCount(
                                    language, StopWords.count(words, language)));
        }
        int count = found.map(StopWords.LanguageCount::count).orElse(0);
        if (count < settings.minStopWords()) {
            return Verdict.dropBelow(
                            TOO_FEW_STOP_WORDS,
                            count,
                            Settings.MIN_STOP_WORDS,
                            settings.minStopWords())
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
