package dev.mixlab.filters.text;

import static dev.mixlab.filters.text.Prose.COMMITTEE;
import static dev.mixlab.filters.text.Prose.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class C4FilterTest {

    private static final C4Filter DEFAULTS = new C4Filter(C4Filter.SCHEMA.defaults());

    private static C4Filter with(Map<String, Object> parameters) {
        return (C4Filter) FilterCatalog.create(C4Filter.NAME, parameters);
    }

    @Test
    void keepsFiveWellFormedSentences() {
        assertThat(DEFAULTS.apply(text(COMMITTEE.replace(". ", ".\n")))).isEqualTo(Verdict.keep());
    }

    @Test
    void dropsLoremIpsumAndCurlyBracketsOutright() {
        assertThat(
                        ((Verdict.Drop)
                                        DEFAULTS.apply(
                                                text(COMMITTEE + " Lorem ipsum dolor sit amet.")))
                                .reason())
                .isEqualTo(C4Filter.LOREM_IPSUM);
        assertThat(
                        ((Verdict.Drop)
                                        DEFAULTS.apply(
                                                text("function f() { return 1; } " + COMMITTEE)))
                                .detail())
                .isEqualTo("contains '{' at offset 13");
        assertThat(
                        with(Map.of("drop_curly_bracket", false))
                                .apply(text("The set {a, b} is small. " + COMMITTEE))
                                .kept())
                .isTrue();
    }

    @Test
    void linesThatFailLineRulesDoNotCountTowardsSentences() {
        String text =
                String.join(
                        "\n",
                        "Home | News | Contact",
                        "This site uses cookies to improve your experience.",
                        "Please enable JavaScript to view the comments below.",
                        "The committee met on Tuesday.",
                        "Ok.",
                        "The chair promised a report. Members asked questions. The debate was long");
        Verdict.Drop drop = (Verdict.Drop) DEFAULTS.apply(text(text));
        assertThat(drop.reason()).isEqualTo(C4Filter.TOO_FEW_SENTENCES);
        assertThat(drop.detail())
                .isEqualTo(
                        "1 < min_sentences 5 (removed 2 without terminal punctuation, 1 too short,"
                                + " 1 mentioning javascript, 1 about a policy of 6 lines)");
    }

    @Test
    void singleLineTextWithoutFinalPunctuationDropsUnlessLineRulesNeedSeveralLines() {
        String truncated = COMMITTEE + " Members then";
        assertThat(DEFAULTS.apply(text(truncated)).kept()).isFalse();
        assertThat(with(Map.of("min_lines_for_line_rules", 2)).apply(text(truncated)))
                .isEqualTo(Verdict.keep());
    }

    @Test
    void spaceRunsMakeEuroparlParagraphsIntoLines() {
        String europarlStyle = COMMITTEE + "   " + COMMITTEE + "   and the fragment at the end";
        assertThat(DEFAULTS.apply(text(europarlStyle)).kept()).isFalse();
        assertThat(with(Map.of("line_break_space_run", 3)).apply(text(europarlStyle)))
                .isEqualTo(Verdict.keep());
    }

    @Test
    void sentenceMinimumCanBeSwitchedOff() {
        Map<String, Object> off = new HashMap<>();
        off.put("min_sentences", null);
        assertThat(with(off).apply(text("No punctuation at all"))).isEqualTo(Verdict.keep());
    }
}
