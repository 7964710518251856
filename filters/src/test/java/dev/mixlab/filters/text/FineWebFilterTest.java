package dev.mixlab.filters.text;

import static dev.mixlab.filters.text.Prose.COMMITTEE;
import static dev.mixlab.filters.text.Prose.reason;
import static dev.mixlab.filters.text.Prose.repeat;
import static dev.mixlab.filters.text.Prose.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineWebFilterTest {

    private static final FineWebFilter DEFAULTS =
            new FineWebFilter(FineWebFilter.SCHEMA.defaults());

    @Test
    void keepsParagraphsOfProse() {
        assertThat(reason(DEFAULTS, COMMITTEE.replace(". ", ".\n"))).isEqualTo("kept");
    }

    @Test
    void dropsNavigationLikeText() {
        String menu = "Home\nProducts\nAbout us\nContact\nLogin\n" + COMMITTEE;
        assertThat(reason(DEFAULTS, menu)).isEqualTo(FineWebFilter.TOO_MANY_SHORT_LINES);
        String unpunctuated =
                repeat("Our products and services for the region", 8, "\n") + "\n" + COMMITTEE;
        assertThat(((Verdict.Drop) DEFAULTS.apply(text(unpunctuated))).detail())
                .isEqualTo("0.111 < min_punctuated_line_fraction 0.12");
    }

    @Test
    void dropsRepeatedLinesAndListLikeLayout() {
        String sentences = COMMITTEE.replace(". ", ".\n");
        assertThat(
                        reason(
                                DEFAULTS,
                                sentences
                                        + "\nThe committee met on Tuesday to discuss the new budget for the region."))
                .isEqualTo(FineWebFilter.DUPLICATE_LINES);
        String list =
                String.join(
                        "\n",
                        "Internationalisation considerations.",
                        "Interoperability recommendations.",
                        "Decentralisation responsibilities.",
                        "Telecommunications infrastructure.",
                        "Intergovernmental coordination.");
        assertThat(reason(DEFAULTS, list)).isEqualTo(FineWebFilter.LIST_LIKE);
    }

    @Test
    void singleLineEuroparlFragmentsNeedLineBreaksOrTheLineGate() {
        String fragment = COMMITTEE + "   " + "Members then turned to the question of";
        assertThat(reason(DEFAULTS, "turned to the question of"))
                .isEqualTo(FineWebFilter.TOO_FEW_PUNCTUATED_LINES);
        FineWebFilter europarl =
                (FineWebFilter)
                        FilterCatalog.create(
                                FineWebFilter.NAME,
                                Map.of("line_break_space_run", 3, "min_lines_for_line_rules", 2));
        assertThat(reason(europarl, fragment)).isEqualTo("kept");
        assertThat(reason(europarl, "turned to the question of")).isEqualTo("kept");
    }
}
