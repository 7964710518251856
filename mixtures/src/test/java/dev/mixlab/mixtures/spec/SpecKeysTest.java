package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecKeysTest {
    private static final List<Class<? extends Record>> SECTIONS =
            List.of(
                    AblationSpec.class,
                    StorageSpec.class,
                    SourceSpec.class,
                    FieldMapping.class,
                    DedupSpec.class,
                    DedupSpec.NearDedup.class,
                    MixtureSpec.class,
                    SweepSpec.class,
                    ModelSpec.class,
                    TrainingSpec.class,
                    TrainingSpec.CommandSpec.class,
                    TrainingSpec.SlurmSpec.class,
                    LrSchedule.class,
                    RecipeSpec.class,
                    PhaseSpec.class,
                    RecipeSpec.CooldownSpec.class,
                    EvalSpec.class);

    @Test
    void keysAreTheRecordComponentsInSnakeCase() {
        assertThat(SpecKeys.of(MixtureSpec.class))
                .containsExactly("name", "weights", "budget", "max_repetition", "seed");
        assertThat(SpecKeys.of(ModelSpec.class))
                .containsExactly("d_model", "n_layers", "n_heads", "d_mlp", "positions");
        assertThat(SpecKeys.of(LrSchedule.class))
                .containsExactly("schedule", "peak", "min", "warmup_steps");
        assertThat(SpecKeys.of(AblationSpec.class, "sweeps"))
                .contains("seq_len", "runs", "sweeps", "eval")
                .doesNotContain("file", "recipes");
    }

    @Test
    void everyKeyIsDocumentedInTheSpecReference() throws Exception {
        String reference = Files.readString(Path.of("../docs/SPEC.md"));
        for (Class<? extends Record> section : SECTIONS) {
            Set<String> keys = SpecKeys.of(section);
            for (String key : keys) {
                assertThat(reference)
                        .as(section.getSimpleName() + "." + key)
                        .containsPattern("(`|\\.|\\{|, )" + key + "(`|:|\\.|\\[|,|})");
            }
        }
    }
}
