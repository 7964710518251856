package dev.mixlab.filters.text;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * Per-language stop word sets from Lucene's analyzers ({@code getDefaultStopSet()}), keyed by ISO
 * 639-1 code. Lucene has no set for Polish (only in {@code lucene-analysis-stempel}), Slovak or
 * Slovenian, so three of the 21 Europarl languages are unsupported; Thai and the CJK languages are
 * left out because their text is not split into words by spaces.
 *
 * <p>All sets are loaded once, when the class is first used, and shared by all threads.
 */
public final class StopWords {

    private static final Map<String, Supplier<CharArraySet>> SOURCES =
            Map.ofEntries(
                    Map.entry("ar", ArabicAnalyzer::getDefaultStopSet),
                    Map.entry("bg", BulgarianAnalyzer::getDefaultStopSet),
                    Map.entry("bn", BengaliAnalyzer::getDefaultStopSet),
                    Map.entry("ca", CatalanAnalyzer::getDefaultStopSet),
                    Map.entry("ckb", SoraniAnalyzer::getDefaultStopSet),
                    Map.entry("cs", CzechAnalyzer::getDefaultStopSet),
                    Map.entry("da", DanishAnalyzer::getDefaultStopSet),
                    Map.entry("de", GermanAnalyzer::getDefaultStopSet),
                    Map.entry("el", GreekAnalyzer::getDefaultStopSet),
                    Map.entry("en", EnglishAnalyzer::getDefaultStopSet),
                    Map.entry("es", SpanishAnalyzer::getDefaultStopSet),
                    Map.entry("et", EstonianAnalyzer::getDefaultStopSet),
                    Map.entry("eu", BasqueAnalyzer::getDefaultStopSet),
                    Map.entry("fa", PersianAnalyzer::getDefaultStopSet),
                    Map.entry("fi", FinnishAnalyzer::getDefaultStopSet),
                    Map.entry("fr", FrenchAnalyzer::getDefaultStopSet),
                    Map.entry("ga", IrishAnalyzer::getDefaultStopSet),
                    Map.entry("gl", GalicianAnalyzer::getDefaultStopSet),
                    Map.entry("hi", HindiAnalyzer::getDefaultStopSet),
                    Map.entry("hu", HungarianAnalyzer::getDefaultStopSet),
                    Map.entry("hy", ArmenianAnalyzer::getDefaultStopSet),
                    Map.entry("id", IndonesianAnalyzer::getDefaultStopSet),
                    Map.entry("it", ItalianAnalyzer::getDefaultStopSet),
                    Map.entry("lt", LithuanianAnalyzer::getDefaultStopSet),
                    Map.entry("lv", LatvianAnalyzer::getDefaultStopSet),
                    Map.entry("ne", NepaliAnalyzer::getDefaultStopSet),
                    Map.entry("nl", DutchAnalyzer::getDefaultStopSet),
                    Map.entry("no", NorwegianAnalyzer::getDefaultStopSet),
                    Map.entry("pt", PortugueseAnalyzer::getDefaultStopSet),
                    Map.entry("ro", RomanianAnalyzer::getDefaultStopSet),
                    Map.entry("ru", RussianAnalyzer::getDefaultStopSet),
                    Map.entry("sr", SerbianAnalyzer::getDefaultStopSet),
                    Map.entry("sv", SwedishAnalyzer::getDefaultStopSet),
                    Map.entry("tr", TurkishAnalyzer::getDefaultStopSet));

    /** Norwegian Bokmål and Nynorsk share Lucene's Norwegian set. */
    private static final Map<String, String> ALIASES = Map.of("nb", "no", "nn", "no");

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");

    /**
     * Languages in a fixed order, so that a language is a bit position in {@link
     * #LANGUAGES_BY_WORD}.
     */
    private static final List<String> LANGUAGE_ORDER = List.copyOf(new TreeSet<>(SOURCES.keySet()));

    /**
     * Every stop word of every language mapped to a bit mask of the languages it belongs to, so
     * that one hash lookup per word serves all languages at once.
     */
    private static final Map<String, Long> LANGUAGES_BY_WORD = buildIndex();

    private StopWords() {}

    /** The supported ISO 639-1 codes, sorted. */
    public static SortedSet<String> languages() {
        return new TreeSet<>(SOURCES.keySet());
    }

    /**
     * The supported code for a language tag such as {@code de}, {@code DE}, {@code pt-BR} or {@code
     * nb_NO}, or empty when Lucene has no stop set for it.
     */
    public static Optional<String> supportedCode(String languageTag) {
        String primary = languageTag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        String code = ALIASES.getOrDefault(primary, primary);
        return SOURCES.containsKey(code) ? Optional.of(code) : Optional.empty();
    }

    /** How many of {@code words} are stop words of {@code language} (a supported code). */
    public static int count(List<String> words, String language) {
        return count(countsByLanguage(words), language);
    }

    /** The count of {@code language} among counts from {@link #countsByLanguage}. */
    static int count(int[] countsByLanguage, String language) {
        int bit = LANGUAGE_ORDER.indexOf(language);
        if (bit < 0) {
            throw new IllegalArgumentException(
                    "no stop words for language '" + language + "'; supported: " + languages());
        }
        return countsByLanguage[bit];
    }

    /**
     * The supported language whose stop words occur most often in {@code words} (ties go to the
     * alphabetically first code), or empty when there is no stop word of any language.
     */
    public static Optional<LanguageCount> bestMatch(List<String> words) {
        return bestMatch(countsByLanguage(words));
    }

    /** {@link #bestMatch(List)} from counts of {@link #countsByLanguage}. */
    static Optional<LanguageCount> bestMatch(int[] counts) {
        int best = 0;
        for (int bit = 1; bit < counts.length; bit++) {
            if (counts[bit] > counts[best]) {
                best = bit;
            }
        }
        return counts[best] == 0
                ? Optional.empty()
                : Optional.of(new LanguageCount(LANGUAGE_ORDER.get(best), counts[best]));
    }

    /**
     * @param language ISO 639-1 code @param count stop word occurrences
     */
    public record LanguageCount(String language, int count) {}

    /** Stop-word hits of {@code words} per supported language, in one lookup per word. */
    static int[] countsByLanguage(List<String> words) {
        int[] counts = new int[LANGUAGE_ORDER.size()];
        for (String word : words) {
            Long languages = LANGUAGES_BY_WORD.get(lookupForm(word));
            if (languages != null) {
                for (long mask = languages; mask != 0; mask &= mask - 1) {
                    counts[Long.numberOfTrailingZeros(mask)]++;
                }
            }
        }
        return counts;
    }

    private static Map<String, Long> buildIndex() {
        Map<String, Long> index = new HashMap<>();
        for (int bit = 0; bit < LANGUAGE_ORDER.size(); bit++) {
            long languageBit = 1L << bit;
            for (Object word : SOURCES.get(LANGUAGE_ORDER.get(bit)).get()) {
                index.merge(lookupForm(new String((char[]) word)), languageBit, (a, b) -> a | b);
            }
        }
        return Map.copyOf(index);
    }

    /**
     * Lower case; Greek words also lose their accents and write final sigma as σ, because Lucene's
     * Greek set is stored the way GreekLowerCaseFilter leaves words. Other scripts are unaffected,
     * so one form serves every language.
     */
    private static String lookupForm(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (!hasGreek(lower)) {
            return lower;
        }
        String unaccented =
                COMBINING_MARKS
                        .matcher(Normalizer.normalize(lower, Normalizer.Form.NFD))
                        .replaceAll("");
        return unaccented.replace('ς', 'σ');
    }

    // A loop, not chars().anyMatch: this runs for every word of every text document.
    private static boolean hasGreek(String word) {
        for (int i = 0; i < word.length(); i++) if (isGreek(word.charAt(i))) return true;
        return false;
    }

    private static boolean isGreek(int c) {
        return c >= 0x0370 && c <= 0x03FF || c >= 0x1F00 && c <= 0x1FFF;
    }
}
