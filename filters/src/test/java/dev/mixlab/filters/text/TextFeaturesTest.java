package dev.mixlab.filters.text;

import static dev.mixlab.filters.text.Prose.COMMITTEE;
import static dev.mixlab.filters.text.Prose.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Hash64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {
    private static final String EUROPARL_LIKE =
            COMMITTEE + "   " + COMMITTEE.toUpperCase() + "   The end...";

    @Test
    void measuresEachFeatureOnceAndAgreesWithTheToolsItReplaces() {
        TextFeatures features = new TextFeatures(EUROPARL_LIKE);
        List<String> words = features.words();
        assertThat(features.words()).isSameAs(words).isEqualTo(WordSegmenter.words(EUROPARL_LIKE));
        assertThat(features.wordHashes()[0]).isEqualTo(Hash64.of(words.get(0)));
        assertThat(features.wordChars()).isEqualTo(words.stream().mapToLong(String::length).sum());
        LineBreaks rule = new LineBreaks(3);
        assertThat(features.lines(rule)).isSameAs(features.lines(rule)).hasSize(3);
        assertThat(features.lines(new LineBreaks(0))).hasSize(1);
        assertThat(features.stopWords("en")).isEqualTo(StopWords.count(words, "en"));
        assertThat(features.bestStopWordMatch()).isEqualTo(StopWords.bestMatch(words));
        assertThat(features.lowerCaseWords().get(0)).isEqualTo("the");
    }

    @Test
    void filtersGiveTheSameVerdictFromSharedFeaturesAsFromTheText() {
        Document doc = text(EUROPARL_LIKE);
        TextFeatures shared = new TextFeatures(doc.text());
        for (String name : List.of("gopher_quality", "gopher_repetition", "c4", "fineweb")) {
            TextFeatureFilter filter =
                    (TextFeatureFilter)
                            FilterCatalog.create(name, Map.of("line_break_space_run", 3));
            assertThat(filter.apply(doc, shared)).as(name).isEqualTo(filter.apply(doc));
        }
    }
}
