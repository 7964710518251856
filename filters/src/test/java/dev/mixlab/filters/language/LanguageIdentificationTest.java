package dev.mixlab.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LanguageIdentificationTest {
    private final LanguageTagger tagger = (LanguageTagger) FilterCatalog.create("language_id", Map.of());

    private Document tag(String text) {
        return tagger.apply(new Document("d", "text", "text", text, Map.of())).document();
    }

    @Test
    void tagsEuroparlInManyLanguagesConfidently() {
        Set<String> languages = new TreeSet<>();
        int confident = 0;
        List<Document> docs = Europarl.documents().subList(0, 400);
        for (Document doc : docs) {
            Document tagged = tag(doc.text());
            languages.add(tagged.metadata().get(Document.LANG));
            if (Double.parseDouble(tagged.metadata().get(LanguageTagger.CONFIDENCE)) >= 0.5) confident++;
        }
        assertThat(languages).hasSizeGreaterThanOrEqualTo(15).doesNotContain("und");
        assertThat(confident).isGreaterThanOrEqualTo(docs.size() * 95 / 100);
    }

    @Test
    void knowsObviousSentences() {
        assertThat(tag("The committee adopted the report on agricultural policy after a long debate.").metadata())
                .containsEntry(Document.LANG, "en");
        assertThat(tag("Der Ausschuss hat den Bericht über die Agrarpolitik nach langer Debatte angenommen.").metadata())
                .containsEntry(Document.LANG, "de");
    }

    @Test
    void filterKeepsListedLanguagesAndNeedsTags() {
        LanguageFilter germanOnly = (LanguageFilter) FilterCatalog.create("language", Map.of("keep", List.of("de")));
        Document english = tag("The committee adopted the report on agricultural policy after a long debate.");
        Document german = tag("Der Ausschuss hat den Bericht über die Agrarpolitik nach langer Debatte angenommen.");
        assertThat(germanOnly.apply(german).kept()).isTrue();
        assertThat(germanOnly.apply(english)).isEqualTo(Verdict.drop(LanguageFilter.NOT_KEPT, "en not in keep [de]"));
        assertThat(((Verdict.Drop) germanOnly.apply(new Document("x", "t", "text", "hallo", Map.of()))).reason())
                .isEqualTo(LanguageFilter.UNTAGGED);
        LanguageFilter strict = (LanguageFilter) FilterCatalog.create("language", Map.of("min_confidence", 0.99999));
        assertThat(strict.apply(new Document("x", "t", "text", "x", Map.of(Document.LANG, "en", LanguageTagger.CONFIDENCE, "0.5"))).kept()).isFalse();
    }

    @Test
    void unknownCandidateLanguageIsRejected() {
        LanguageTagger bogus = (LanguageTagger) FilterCatalog.create("language_id", Map.of("candidates", List.of("en", "xx")));
        assertThatThrownBy(() -> bogus.apply(new Document("d", "t", "text", "hello", Map.of())))
                .hasMessageContaining("'xx' is not an ISO 639-1 code");
    }
}
