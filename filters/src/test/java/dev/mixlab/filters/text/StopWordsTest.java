package dev.mixlab.filters.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopWordsTest {

    @Test
    void coversEighteenOfTheTwentyOneEuroparlLanguages() {
        List<String> europarl =
                List.of(
                        "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "it",
                        "lt", "lv", "nl", "pl", "pt", "ro", "sk", "sl", "sv");
        assertThat(europarl.stream().filter(code -> StopWords.supportedCode(code).isPresent()))
                .hasSize(18)
                .doesNotContain("pl", "sk", "sl");
    }

    @Test
    void acceptsLanguageTagsInCommonSpellings() {
        assertThat(StopWords.supportedCode("DE")).contains("de");
        assertThat(StopWords.supportedCode("pt-BR")).contains("pt");
        assertThat(StopWords.supportedCode("nb_NO")).contains("no");
        assertThat(StopWords.supportedCode("pl")).isEmpty();
    }

    @Test
    void countsOccurrencesCaseInsensitively() {
        List<String> words =
                WordSegmenter.words(
                        "Die Kommission und der Rat haben die Frage in der Sitzung geprüft");
        assertThat(StopWords.count(words, "de")).isEqualTo(7);
        assertThat(StopWords.count(words, "en")).isEqualTo(1);
    }

    @Test
    void matchesAccentedGreekAndFinalSigma() {
        // "είναι" and "της" are stored unaccented and with σ in Lucene's Greek set.
        assertThat(
                        StopWords.count(
                                WordSegmenter.words("Είναι θέμα της Επιτροπής και του Συμβουλίου"),
                                "el"))
                .isEqualTo(4);
    }

    @Test
    void bestMatchFindsTheLanguageWithMostStopWords() {
        assertThat(
                        StopWords.bestMatch(
                                WordSegmenter.words(
                                        "Ce n'est pas la question que nous avons posée à la Commission")))
                .get()
                .extracting(StopWords.LanguageCount::language)
                .isEqualTo("fr");
        assertThat(StopWords.bestMatch(WordSegmenter.words("xyzzy plugh 42"))).isEmpty();
    }

    @Test
    void unsupportedLanguageIsAnError() {
        assertThatThrownBy(() -> StopWords.count(List.of("a"), "pl"))
                .hasMessageContaining("no stop words for language 'pl'");
    }
}
