package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code shards:} in the spec: formats and export settings, and their one-line errors. */
class ShardsSpecTest {
    private static final String SOURCES =
            """
            sources:
              - {name: text, kind: text, inputs: text.jsonl}
            """;

    private static AblationSpec load(String yaml) {
        return SpecLoader.parse(Path.of("configs/x.yaml"), SOURCES + yaml);
    }

    @Test
    void parquetAloneByDefault() {
        AblationSpec spec = load("");
        assertThat(spec.shards()).isEqualTo(ShardsSpec.DEFAULT);
        assertThat(spec.shards().formats()).containsExactly(ShardsSpec.Format.PARQUET);
        assertThat(spec.shards().exports()).isEmpty();
    }

    @Test
    void everyFormatAndSetting() {
        ShardsSpec shards =
                load("""
                        shards:
                          formats: [parquet, arrow, megatron, olmo]
                          megatron_dtype: int32
                          olmo_dtype: uint32
                          olmo_file_tokens: 250M
                        """)
                        .shards();
        assertThat(shards.exports())
                .containsExactly(
                        ShardsSpec.Format.ARROW,
                        ShardsSpec.Format.MEGATRON,
                        ShardsSpec.Format.OLMO);
        assertThat(shards.megatronDtype()).isEqualTo(ShardsSpec.TokenDtype.INT32);
        assertThat(shards.olmoDtype()).isEqualTo(ShardsSpec.TokenDtype.UINT32);
        assertThat(shards.olmoFileTokens()).isEqualTo(250_000_000L);
    }

    @Test
    void badValuesAreErrorsAtTheirLine() {
        assertThatThrownBy(() -> load("shards:\n  formats: [parquet, megatorn]\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("configs/x.yaml:4:")
                .hasMessageContaining("unknown format 'megatorn'")
                .hasMessageContaining("did you mean 'megatron'");
        assertThatThrownBy(() -> load("shards:\n  formats: [megatron]\n"))
                .hasMessageContaining("formats must include parquet");
        assertThatThrownBy(() -> load("shards:\n  megatron_dtype: uint32\n"))
                .hasMessageContaining("configs/x.yaml:4:")
                .hasMessageContaining("unknown dtype 'uint32'")
                .hasMessageContaining("[auto, uint16, int32]");
        assertThatThrownBy(() -> load("shards:\n  olmo_file_tokens: 0\n"))
                .hasMessageContaining("olmo_file_tokens");
        assertThatThrownBy(() -> load("shards:\n  format: [parquet]\n"))
                .hasMessageContaining("unknown key 'format'")
                .hasMessageContaining("formats");
        for (String list : List.of("[parquet, parquet]"))
            assertThatThrownBy(() -> load("shards:\n  formats: " + list + "\n"))
                    .hasMessageContaining("lists a format twice");
    }
}
