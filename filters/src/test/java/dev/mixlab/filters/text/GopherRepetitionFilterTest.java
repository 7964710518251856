package dev.mixlab.filters.text;

import static dev.mixlab.filters.text.Prose.COMMITTEE;
import static dev.mixlab.filters.text.Prose.reason;
import static dev.mixlab.filters.text.Prose.repeat;
import static dev.mixlab.filters.text.Prose.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GopherRepetitionFilterTest {

    private static final GopherRepetitionFilter DEFAULTS =
            new GopherRepetitionFilter(GopherRepetitionFilter.SCHEMA.defaults());

    private static GopherRepetitionFilter with(Map<String, Object> parameters) {
        return (GopherRepetitionFilter)
                FilterCatalog.create(GopherRepetitionFilter.NAME, parameters);
    }

    @Test
    void keepsProseWithoutRepetition() {
        assertThat(reason(DEFAULTS, COMMITTEE)).isEqualTo("kept");
    }

    @Test
    void detectsRepeatedParagraphsAndLines() {
        String sentences = COMMITTEE.replace(". ", ".\n");
        assertThat(reason(DEFAULTS, sentences + "\n\n" + sentences))
                .isEqualTo(GopherRepetitionFilter.DUPLICATE_PARAGRAPHS);

        String boilerplate = "Share this page";
        String lines = sentences + "\n" + repeat(boilerplate, 4, "\n");
        assertThat(reason(DEFAULTS, lines)).isEqualTo(GopherRepetitionFilter.DUPLICATE_LINES);
    }

    @Test
    void paragraphsSeparatedBySpaceRunsAreComparedWhenEnabled() {
        String europarlStyle =
                String.join(
                        "   ", COMMITTEE, "A second, short paragraph.", "A third one.", COMMITTEE);
        assertThat(reason(DEFAULTS, europarlStyle))
                .isEqualTo(GopherRepetitionFilter.duplicateNgramReason(5));
        assertThat(reason(with(Map.of("line_break_space_run", 3)), europarlStyle))
                .isEqualTo(GopherRepetitionFilter.DUPLICATE_PARAGRAPH_CHARS);
    }

    @Test
    void detectsAnOverFrequentShortNgram() {
        String spam = COMMITTEE + " " + repeat("cheap flights", 12, " ");
        assertThat(reason(DEFAULTS, spam)).isEqualTo(GopherRepetitionFilter.topNgramReason(2));
    }

    @Test
    void measuresCharactersCoveredByRepeatedLongNgrams() {
        String quoted = COMMITTEE + " As noted, a detailed report would be published soon.";
        Verdict verdict = DEFAULTS.apply(text(quoted));
        assertThat(verdict.kept()).isTrue();

        String copiedHalf = COMMITTEE + " " + COMMITTEE.substring(0, COMMITTEE.length() / 3);
        Verdict.Drop drop = (Verdict.Drop) DEFAULTS.apply(text(copiedHalf));
        assertThat(drop.reason()).isEqualTo(GopherRepetitionFilter.duplicateNgramReason(5));
        assertThat(drop.detail()).endsWith("> max_duplicate_5gram_char_fraction 0.15");
    }

    @Test
    void everyRuleCanBeSwitchedOff() {
        Map<String, Object> allOff = new HashMap<>();
        GopherRepetitionFilter.SCHEMA.parameters().stream()
                .filter(parameter -> parameter.switchable())
                .forEach(parameter -> allOff.put(parameter.name(), null));
        assertThat(allOff).hasSize(13);
        String sentences = COMMITTEE.replace(". ", ".\n");
        assertThat(reason(with(allOff), repeat(sentences, 5, "\n\n"))).isEqualTo("kept");
    }
}
