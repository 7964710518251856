package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every name that becomes a path segment follows one rule, reported at its file, line and column
 * (issue 12, point 1: a model named {@code tiny-s0/../../../victim} made {@code train} write
 * outside the work directory).
 */
class NamesTest {
    @TempDir Path dir;

    private static final String BASE =
            """
            sources:
              - {name: text, kind: text, inputs: t}
              - {name: code, kind: code, inputs: c}
            mixtures:
              - {name: m, weights: {text: 1}, budget: 1M}
            models:
              tiny: {d_model: 8, n_layers: 1, n_heads: 1}
            """;

    private SpecException rejected(String yaml) {
        SpecException e = SpecText.rejection(dir, yaml);
        assertThat(e.getMessage()).doesNotContain("\n");
        return e;
    }

    @Test
    void theRuleSaysWhatIsWrong() {
        assertThat(Names.problem("code-25")).isEmpty();
        assertThat(Names.problem("470M")).isEmpty();
        assertThat(Names.problem("tiny-s0/../../../victim").orElseThrow())
                .contains("path separator");
        assertThat(Names.problem("..").orElseThrow()).contains("'..'");
        assertThat(Names.problem(".hidden").orElseThrow()).contains("starts with '.'");
        assertThat(Names.problem("tiny\ntouch /tmp/x\n").orElseThrow())
                .contains("'tiny\\ntouch /tmp/x\\n'")
                .contains("control character (U+000A)")
                .doesNotContain("\n");
        assertThat(Names.problem("a b").orElseThrow()).contains("contains ' '");
        assertThat(Names.problem("x".repeat(129)).orElseThrow()).contains("129 characters");
        assertThat(Names.problem("").orElseThrow()).contains("empty");
    }

    @Test
    void modelNamesAreCheckedAtTheirKey() {
        SpecException e =
                rejected(
                        BASE
                                + "  tiny-s0/../../../victim: {d_model: 8, n_layers: 1, n_heads: 1}\n");
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.getMessage())
                .startsWith(dir.resolve("spec.yaml") + ":8:3: models.tiny-s0/../../../victim: ")
                .contains("path separator");
        e =
                rejected(
                        BASE
                                + "  \"tiny\\ntouch /tmp/x\\n\": {d_model: 8, n_layers: 1, n_heads: 1}\n");
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.getMessage()).contains("control character");
    }

    @Test
    void everyKindOfNameFollowsTheSameRule() {
        String runs = "runs:\n  - {name: r, models: [tiny], phases: [{mixture: m, tokens: 1M}]}\n";
        assertThat(rejected(BASE.replace("name: text,", "name: \"a/b\",")).line()).isEqualTo(2);
        assertThat(rejected(BASE.replace("name: m,", "name: \"..\",")).line()).isEqualTo(5);
        assertThat(rejected("name: \"../x\"\n" + BASE).line()).isEqualTo(1);
        assertThat(
                        rejected(
                                        BASE
                                                + "sweeps:\n  - {name: \"s s\", values: [0.5], swept: {code: 1}, rest: {text: 1}, budget: 1M}\n")
                                .line())
                .isEqualTo(9);
        SpecException variant =
                rejected(
                        BASE
                                + "sweeps:\n  - name: s\n    values: [0.5]\n    rest: {text: 1}\n    budget: 1M\n    variants:\n      \"x/y\": {code: 1}\n");
        assertThat(variant.line()).isEqualTo(14);
        assertThat(variant.column()).isEqualTo(7);
        assertThat(rejected(BASE + runs.replace("name: r,", "name: \"r\\u0007x\",")).line())
                .isEqualTo(9);
        assertThat(
                        rejected(BASE + runs.replace("{mixture: m,", "{name: ../p, mixture: m,"))
                                .getMessage())
                .contains("'../p' is not a valid name");
    }

    @Test
    void generatedNamesFollowTheRuleToo() throws Exception {
        String longRecipe = "r".repeat(Names.MAX_LENGTH - 2);
        SpecException runId =
                rejected(
                        BASE
                                + "runs:\n  - {name: "
                                + longRecipe
                                + ", models: [tiny], phases: [{mixture: m, tokens: 1M}]}\n");
        assertThat(runId.getMessage())
                .contains(":9:")
                .contains("the generated name 'rrrr")
                .contains("it has 134 characters, at most 128");
        Files.writeString(dir.resolve("bad name.jsonl"), "");
        SpecException task = rejected(BASE + "eval: {task_files: [\"bad name.jsonl\"]}\n");
        assertThat(task.getMessage()).contains(":8:").contains("'bad name'");
    }
}
