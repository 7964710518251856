package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.run.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, point 11: a corrupted checkpoint gave "newLimit > capacity" or "Invalid NDArray input"
 * without naming a file. A real checkpoint, truncated and then overwritten, is named with its run,
 * phase and step and the ways on.
 */
class CorruptCheckpointTest {
    private static final String SPEC =
            ByteMixtures.spec(
                    "corrupt-test",
                    """
            mixtures:
              - {name: text, weights: {text: 1.0}, budget: 20K}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: constant, peak: 1e-3, warmup_steps: 0}}
            runs:
              - {name: base, models: [tiny], phases: [{mixture: text, tokens: 5K}]}
              - {name: next, models: [tiny], phases: [{mixture: text, tokens: 5K, init_from: base/pretrain}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 100);

    @Test
    void aCorruptCheckpointNamesItsFileStepAndTheWaysOn() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        launcher.train(launcher.select(List.of("base")), new ProxyBackend(), Set.of(), System.out);
        Path finalDir =
                Checkpoint.phaseDir(MIXTURES.work().run("base-tiny-s0"), "pretrain")
                        .resolve("final");
        Path model = finalDir.resolve("model.ndlist");
        long steps = Checkpoint.read(finalDir).state().phaseSteps();
        String expected =
                "checkpoint file "
                        + model
                        + " (run base-tiny-s0, phase 'pretrain', step "
                        + steps
                        + " of "
                        + steps
                        + ") is corrupt: ";
        String waysOn =
                "; delete "
                        + finalDir
                        + " to resume from the checkpoint before it, or train the run from scratch"
                        + " with --restart base-tiny-s0";

        byte[] bytes = Files.readAllBytes(model);
        // A write cut short, then overwritten by something else: either way the run that starts
        // from the checkpoint fails, naming it.
        byte[] garbage = new byte[bytes.length];
        new Random(1).nextBytes(garbage);
        for (byte[] damaged : List.of(Arrays.copyOf(bytes, bytes.length / 2), garbage)) {
            Files.write(model, damaged);
            assertThatThrownBy(
                            () ->
                                    launcher.train(
                                            launcher.select(List.of("next")),
                                            new ProxyBackend(),
                                            Set.of(),
                                            System.out))
                    .isInstanceOf(Checkpoint.CorruptException.class)
                    .hasMessageStartingWith(expected)
                    .hasMessageEndingWith(waysOn);
            assertThat(RunRecord.read(MIXTURES.work().run("next-tiny-s0")).orElseThrow().status())
                    .isEqualTo(RunRecord.Status.failed);
        }

        Files.writeString(finalDir.resolve("state.json"), "{\"run\": ");
        assertThatThrownBy(() -> Checkpoint.read(finalDir))
                .hasMessageStartingWith(
                        "checkpoint file " + finalDir.resolve("state.json") + " is corrupt: ")
                .hasMessageEndingWith(
                        "; delete "
                                + finalDir
                                + " to resume from the checkpoint before it, or train the run from scratch with --restart");
    }
}
