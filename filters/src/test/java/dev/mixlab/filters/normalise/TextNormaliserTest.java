package dev.mixlab.filters.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.normalise.TextNormaliser.Accepted;
import dev.mixlab.filters.normalise.TextNormaliser.Rejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextNormaliserTest {

    @Test
    void composesToNfc() {
        String decomposed = "Cafe\u0301 Zu\u0308rich";
        assertThat(TextNormaliser.normalise(decomposed)).isEqualTo(new Accepted("Café Zürich"));
    }

    @Test
    void unifiesLineEndsAndRemovesControlCharactersExceptTabAndNewline() {
        assertThat(TextNormaliser.normalise("\uFEFFa\r\nb\rc\n\td\u0000e\u0007f\u0085g"))
                .isEqualTo(new Accepted("a\nb\nc\n\tdefg"));
    }

    @Test
    void leavesCleanTextAsTheSameInstance() {
        String clean = "Already clean.\n\tIndented line.";
        assertThat(((Accepted) TextNormaliser.normalise(clean)).text()).isSameAs(clean);
    }

    @Test
    void rejectsEmptyAndWhitespaceOnlyText() {
        assertThat(TextNormaliser.normalise("\u0000\u0001"))
                .isEqualTo(
                        new Rejected(
                                TextNormaliser.EMPTY,
                                "no characters left after normalisation (input had 2)"));
        assertThat(TextNormaliser.normalise(" \r\n\t"))
                .isEqualTo(
                        new Rejected(
                                TextNormaliser.WHITESPACE_ONLY,
                                "3 whitespace characters and nothing else"));
    }

    @Test
    void decodesUtf8StrictlyAndReportsTheBadByte() {
        assertThat(TextNormaliser.normalise("naïve €".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Accepted("naïve €"));

        byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
        Rejected rejected = (Rejected) TextNormaliser.normalise(latin1);
        assertThat(rejected.reason()).isEqualTo(TextNormaliser.INVALID_UTF8);
        assertThat(rejected.detail()).isEqualTo("invalid UTF-8 at byte offset 3 of 12");
        assertThat(rejected.asVerdict().reason()).isEqualTo("normalise.invalid_utf8");

        byte[] truncated = {'o', 'k', (byte) 0xE2, (byte) 0x82};
        assertThat(((Rejected) TextNormaliser.normalise(truncated)).detail())
                .isEqualTo("invalid UTF-8 at byte offset 2 of 4");
    }
}
