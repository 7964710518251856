package dev.mixlab.filters.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The confidence of language ID is graded, and low where the language really is in doubt: measured
 * on every Europarl document (the distribution printed here is the one in docs/CURATION.md).
 */
class LanguageConfidenceTest {
    private static final double[] BOUNDS = {0.0, 0.5, 0.9, 0.99, 0.999, 1.0};

    @Test
    void confidenceIsAPosteriorThatIsLowOnlyForShortAmbiguousDocuments() {
        LanguageIdentifier identifier = new LanguageIdentifier(LanguageIdentifier.EUROPEAN);
        List<Document> docs = Europarl.documents();
        int[] bins = new int[BOUNDS.length];
        List<String> belowHalf = new ArrayList<>();
        int graded = 0;
        for (Document doc : docs) {
            LanguageIdentifier.Guess guess = identifier.identify(doc.text());
            assertThat(guess.confidence()).isBetween(0.0, 1.0);
            if (guess.confidence() > 0 && guess.confidence() < 1) graded++;
            int bin = 0;
            while (bin < BOUNDS.length - 1 && guess.confidence() >= BOUNDS[bin + 1]) bin++;
            bins[bin]++;
            if (!guess.language().equals("und") && guess.confidence() < 0.5)
                belowHalf.add(doc.text());
        }
        StringBuilder table = new StringBuilder("confidence of " + docs.size() + " documents:");
        for (int i = 0; i < BOUNDS.length; i++) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            i < BOUNDS.length - 1 ? " [%s, %s): %d" : " =%s%s: %d",
                            BOUNDS[i],
                            i < BOUNDS.length - 1 ? String.valueOf(BOUNDS[i + 1]) : "",
                            bins[i]));
        }
        System.out.println(table + "; identified below 0.5: " + belowHalf);

        assertThat(graded).as("documents with a confidence strictly between 0 and 1").isPositive();
        int atLeast99 = bins[3] + bins[4] + bins[5];
        assertThat(atLeast99).isGreaterThanOrEqualTo(docs.size() * 99 / 100);
        assertThat(belowHalf).isNotEmpty().allSatisfy(text -> assertThat(text).hasSizeLessThan(30));
        // Italian and Danish lines the trigrams place in another language: the posterior says so.
        assertThat(identifier.identify("si svolgerà domani alle 12.00.").confidence())
                .isLessThan(0.9);
        assertThat(identifier.identify("Betænkning af Richard Corbett").confidence())
                .isLessThan(0.9);
    }

    @Test
    void theQuickstartThresholdDropsWhatIsNotMoreLikelyThanNot() {
        LanguageTagger tagger = (LanguageTagger) FilterCatalog.create("language_id", Map.of());
        LanguageFilter filter =
                (LanguageFilter) FilterCatalog.create("language", Map.of("min_confidence", 0.5));
        Document ambiguous =
                tagger.apply(new Document("a", "text", "text", "fiabile.", Map.of())).document();
        Document clear =
                tagger.apply(
                                new Document(
                                        "b",
                                        "text",
                                        "text",
                                        Europarl.documents().get(0).text(),
                                        Map.of()))
                        .document();
        assertThat(Double.parseDouble(ambiguous.metadata().get(LanguageTagger.CONFIDENCE)))
                .isLessThan(0.5);
        assertThat(filter.apply(ambiguous)).isInstanceOf(Verdict.Drop.class);
        assertThat(((Verdict.Drop) filter.apply(ambiguous)).reason())
                .isEqualTo(LanguageFilter.LOW_CONFIDENCE);
        assertThat(filter.apply(clear).kept()).isTrue();
    }
}
