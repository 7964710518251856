package dev.mixlab.filters.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WordSegmenterTest {

    @Test
    void dropsPunctuationAndKeepsNumbersAndCase() {
        assertThat(
                        WordSegmenter.words(
                                "Herr Präsident! Die Kosten (2,5 Mio. €) sind l'avenir… #tag"))
                .containsExactly(
                        "Herr",
                        "Präsident",
                        "Die",
                        "Kosten",
                        "2,5",
                        "Mio",
                        "sind",
                        "l'avenir",
                        "tag");
        assertThat(WordSegmenter.words(" \n ")).isEmpty();
    }

    @Test
    void givesTheSameWordsOnEveryThread() throws Exception {
        List<String> expected = WordSegmenter.words(Prose.COMMITTEE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results =
                    pool.invokeAll(
                            Collections.nCopies(8, () -> WordSegmenter.words(Prose.COMMITTEE)));
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void returnsAListTheCallerCannotChange() {
        List<String> words = WordSegmenter.words("Ein anderer Text");
        assertThat(words).containsExactly("Ein", "anderer", "Text");
        assertThatThrownBy(() -> words.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
