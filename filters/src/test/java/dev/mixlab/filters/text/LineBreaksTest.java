package dev.mixlab.filters.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineBreaksTest {

    private static final String EUROPARL_LIKE =
            "First paragraph ends here.   Second one  has a double space.     Third.";

    @Test
    void newlinesEndLinesAndBlankLinesEndParagraphs() {
        LineBreaks newlinesOnly = new LineBreaks(0);
        String text = "  one\ntwo  \n \n\nthree\nfour";

        assertThat(newlinesOnly.lines(text)).containsExactly("one", "two", "three", "four");
        assertThat(newlinesOnly.paragraphs(text)).containsExactly("one\ntwo", "three\nfour");
    }

    @Test
    void runsOfSpacesEndLinesAndParagraphsWhenEnabled() {
        assertThat(new LineBreaks(0).lines(EUROPARL_LIKE)).containsExactly(EUROPARL_LIKE);
        assertThat(new LineBreaks(3).lines(EUROPARL_LIKE))
                .containsExactly(
                        "First paragraph ends here.", "Second one  has a double space.", "Third.");
        assertThat(new LineBreaks(3).paragraphs(EUROPARL_LIKE)).hasSize(3);
        assertThat(new LineBreaks(2).lines(EUROPARL_LIKE)).hasSize(4);
    }

    @Test
    void blankTextHasNoLines() {
        assertThat(new LineBreaks(3).lines(" \n\n   \n")).isEmpty();
        assertThat(new LineBreaks(0).paragraphs("")).isEmpty();
    }

    @Test
    void rejectsNegativeRuns() {
        assertThatThrownBy(() -> new LineBreaks(-1)).hasMessageContaining("line_break_space_run");
    }
}
