package dev.mixlab.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
    private final Tokenizer bytes = TokenizerFactory.encoding("bytes").open();

    @Test
    void idsAreUtf8BytesAndDecodeRoundTrips() {
        String text = "Qualität — 代码 🙂\n\tend";
        int[] ids = bytes.encode(text);
        assertThat(ids).hasSize(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < 256)).isTrue();
        assertThat(bytes.decode(ids)).isEqualTo(text);
        assertThat(bytes.vocabSize()).isEqualTo(257);
        assertThat(bytes.eosId()).isEqualTo(256);
        assertThat(bytes.fingerprint()).isEqualTo("bytes:utf-8");
    }

    @Test
    void endOfSequenceIsSkippedAndACutCharacterBecomesAReplacement() {
        int[] ids = bytes.encode("añ");
        assertThat(bytes.decode(new int[] {ids[0], 256, ids[1]})).isEqualTo("a\uFFFD");
        assertThatThrownBy(() -> bytes.decode(new int[] {300}))
                .hasMessageContaining("outside the byte vocabulary");
    }
}
