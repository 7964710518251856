package dev.mixlab.filters.text;

import static dev.mixlab.filters.text.Prose.COMMITTEE;
import static dev.mixlab.filters.text.Prose.repeat;
import static dev.mixlab.filters.text.Prose.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GopherQualityFilterTest {

    private static final GopherQualityFilter DEFAULTS =
            new GopherQualityFilter(GopherQualityFilter.SCHEMA.defaults());

    private static Verdict.Drop dropped(GopherQualityFilter filter, Document doc) {
        Verdict verdict = filter.apply(doc);
        assertThat(verdict.kept()).as("expected a drop").isFalse();
        return (Verdict.Drop) verdict;
    }

    private static GopherQualityFilter with(Map<String, Object> parameters) {
        return (GopherQualityFilter) FilterCatalog.create(GopherQualityFilter.NAME, parameters);
    }

    @Test
    void keepsOrdinaryProse() {
        assertThat(DEFAULTS.apply(text(COMMITTEE))).isEqualTo(Verdict.keep());
    }

    @Test
    void countsWords() {
        assertThat(dropped(DEFAULTS, text("The committee met on Tuesday.")))
                .isEqualTo(Verdict.drop(GopherQualityFilter.TOO_FEW_WORDS, "5 < min_words 50"));
        assertThat(dropped(with(Map.of("max_words", 60)), text(COMMITTEE)).reason())
                .isEqualTo(GopherQualityFilter.TOO_MANY_WORDS);
    }

    @Test
    void measuresMeanWordLength() {
        assertThat(dropped(DEFAULTS, text(repeat("a b of it to", 12, " "))).reason())
                .isEqualTo(GopherQualityFilter.MEAN_WORD_TOO_SHORT);
        assertThat(dropped(DEFAULTS, text(repeat("internationalisation", 60, " "))).detail())
                .isEqualTo("20 > max_mean_word_length 10");
    }

    @Test
    void limitsHashesAndEllipsesPerWord() {
        assertThat(dropped(DEFAULTS, text(COMMITTEE + repeat(" #budget", 10, ""))).reason())
                .isEqualTo(GopherQualityFilter.TOO_MANY_HASHES);
        assertThat(dropped(DEFAULTS, text(COMMITTEE + repeat(" …", 10, ""))).reason())
                .isEqualTo(GopherQualityFilter.TOO_MANY_ELLIPSES);
    }

    @Test
    void limitsBulletAndEllipsisLines() {
        String bullets = repeat("• the budget for the new rail line and the schools", 8, "\n");
        assertThat(dropped(DEFAULTS, text(bullets)).detail())
                .isEqualTo("1 > max_bullet_line_fraction 0.9");
        String trailing = COMMITTEE.replace(". ", "...\n");
        assertThat(dropped(with(Map.of("max_symbol_word_ratio", 1)), text(trailing)).reason())
                .isEqualTo(GopherQualityFilter.TOO_MANY_ELLIPSIS_LINES);
    }

    @Test
    void lineRulesCanBeLimitedToMultiLineDocuments() {
        String oneBulletLine = "• " + COMMITTEE;
        assertThat(DEFAULTS.apply(text(oneBulletLine)).kept()).isFalse();
        assertThat(with(Map.of("min_lines_for_line_rules", 2)).apply(text(oneBulletLine)).kept())
                .isTrue();
    }

    @Test
    void requiresMostWordsToContainALetter() {
        String numbers = repeat("2019 2020 2021 1.5 42", 10, " ");
        assertThat(dropped(DEFAULTS, text(COMMITTEE + " " + numbers)).reason())
                .isEqualTo(GopherQualityFilter.TOO_FEW_ALPHABETIC_WORDS);
    }

    @Test
    void usesTheStopWordsOfTheDocumentLanguage() {
        Document greek =
                Europarl.documents().stream()
                        .filter(
                                doc ->
                                        doc.text()
                                                        .chars()
                                                        .filter(c -> c >= 0x0370 && c <= 0x03FF)
                                                        .count()
                                                > 200)
                        .findFirst()
                        .orElseThrow();

        assertThat(dropped(DEFAULTS, greek).detail())
                .isEqualTo("0 < min_stop_words 2 (language en)");
        assertThat(DEFAULTS.apply(greek.withMetadata(Document.LANG, "el")))
                .isEqualTo(Verdict.keep());
        assertThat(with(Map.of("fallback_language", "auto")).apply(greek))
                .isEqualTo(Verdict.keep());
        // Polish has no Lucene stop set: the rule cannot be applied and the document passes it.
        assertThat(DEFAULTS.apply(greek.withMetadata(Document.LANG, "pl")))
                .isEqualTo(Verdict.keep());
    }

    @Test
    void autoLanguageReportsWhenNoLanguageMatches() {
        String noStopWords =
                repeat("Budget rail schools hospitals proposal committee Tuesday region", 8, " ");
        assertThat(dropped(with(Map.of("fallback_language", "auto")), text(noStopWords)).detail())
                .isEqualTo("0 < min_stop_words 2 (no stop word of any supported language)");
    }
}
