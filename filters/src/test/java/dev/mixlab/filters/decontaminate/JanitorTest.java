package dev.mixlab.filters.decontaminate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPT-3 janitor's arithmetic, worked by hand on texts of known lengths. */
class JanitorTest {
    private static String letters(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void removesTheSpanWithTwoHundredCharactersEachSideAndKeepsLongPieces() {
        // 500 a's, a 30-character match at [500, 530), 600 b's: window [300, 730).
        String text = letters('a', 500) + letters('x', 30) + letters('b', 600);
        Janitor.Redaction r =
                Janitor.GPT3.redact(text, List.of(new OverlapScan.Match(1, 500, 530)));
        // Pieces [0, 300) = 300 a's and [730, 1130) = 400 b's, both ≥ 200: kept, joined by \n.
        assertThat(r.text()).isEqualTo(letters('a', 300) + "\n" + letters('b', 400));
        assertThat(r.splits()).isEqualTo(1);
        assertThat(r.removedChars()).isEqualTo(1130 - 700);
    }

    @Test
    void dropsPiecesShorterThanTwoHundredCharacters() {
        // Match at [250, 260): window [50, 460). Piece before: 50 chars (dropped); after: 240.
        String text = letters('a', 250) + letters('x', 10) + letters('b', 440);
        Janitor.Redaction r =
                Janitor.GPT3.redact(text, List.of(new OverlapScan.Match(1, 250, 260)));
        assertThat(r.text()).isEqualTo(letters('b', 240));
        assertThat(r.removedChars()).isEqualTo(700 - 240);
        // A piece of exactly 200 characters stays, one of 199 goes.
        String edge = letters('a', 400) + "x" + letters('b', 399);
        assertThat(Janitor.GPT3.redact(edge, List.of(new OverlapScan.Match(1, 400, 401))).text())
                .isEqualTo(letters('a', 200));
    }

    @Test
    void mergesOverlappingWindowsBeforeCountingSplits() {
        // Two matches 100 characters apart: their windows overlap, one split.
        String text = letters('a', 1000) + letters('b', 1000);
        Janitor.Redaction r =
                Janitor.GPT3.redact(
                        text,
                        List.of(
                                new OverlapScan.Match(1, 900, 950),
                                new OverlapScan.Match(2, 1050, 1100)));
        assertThat(r.splits()).isEqualTo(1);
        // Removed [700, 1300).
        assertThat(r.text()).isEqualTo(letters('a', 700) + "\n" + letters('b', 700));
    }

    @Test
    void dropsADocumentSplitMoreThanTenTimes() {
        StringBuilder text = new StringBuilder();
        List<OverlapScan.Match> eleven = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(new OverlapScan.Match(i, text.length() + 500, text.length() + 510));
            text.append(letters('a', 1000));
        }
        Janitor.Redaction dropped = Janitor.GPT3.redact(text.toString(), eleven);
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.splits()).isEqualTo(11);
        assertThat(dropped.removedChars()).isEqualTo(11_000);
        // Ten splits: kept, 11 pieces (490, 580 × 9, 290).
        Janitor.Redaction kept = Janitor.GPT3.redact(text.toString(), eleven.subList(0, 10));
        assertThat(kept.dropped()).isFalse();
        assertThat(kept.splits()).isEqualTo(10);
        assertThat(kept.removedChars()).isEqualTo(10 * 410);
    }

    @Test
    void dropsADocumentWithNoPieceLeft() {
        String text = letters('a', 300);
        Janitor.Redaction r =
                Janitor.GPT3.redact(text, List.of(new OverlapScan.Match(1, 100, 120)));
        assertThat(r.dropped()).isTrue();
        assertThat(r.removedChars()).isEqualTo(300);
    }
}
