package dev.mixlab.launcher;

import static dev.mixlab.launcher.ByteMixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.backend.CommandTemplate;
import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.proxy.ShardStream;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.mixtures.spec.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data order across phases on real byte-level mixtures: a continue phase and the cooldown run that
 * starts from it read one mixture, and must read disjoint rows — checked from run.json, from the
 * rows the trainer reports it read (its shard stream's positions), and from the rows themselves.
 */
class DataOrderTrainingTest {
    /** text: 10K tokens = 79 rows of 128; continue reads 63 of them, the cooldown 24 more. */
    private static final String RUNS =
            """
            mixtures:
              - {name: balanced, weights: {text: 0.5, code: 0.5}, budget: 8K}
              - {name: text, weights: {text: 1.0}, budget: %s}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 2}, log_every: 4, checkpoint_every: 4}
            runs:
              - name: balanced-text
                models: [tiny]
                phases:
                  - {name: pretrain, mixture: balanced, tokens: 4K}
                  - {name: continue, mixture: text, tokens: 8K}
                cooldown: {mixture: text, fraction: 0.25%s}
            """;

    @RegisterExtension
    static final ByteMixtures MIXTURES =
            new ByteMixtures(ByteMixtures.spec("data-order", RUNS.formatted("12K", "")), 300);

    @BeforeAll
    static void trainContinueAndCooldown() {
        MIXTURES.trainAll(new ProxyBackend());
    }

    @Test
    void continueAndCooldownReadDisjointRowsOfTheirMixture() throws Exception {
        RunRecord base = RunRecord.read(MIXTURES.work().run("balanced-text-tiny-s0")).orElseThrow();
        RunRecord cooldown =
                RunRecord.read(MIXTURES.work().run("balanced-text-cooldown-tiny-s0")).orElseThrow();
        RunRecord.PhasePlan cont = base.phase("continue").orElseThrow().plan();
        RunRecord.PhasePlan cool = cooldown.phase("cooldown").orElseThrow().plan();
        // From run.json: 8K tokens = 63 rows from row 0; 3K (25% of 12K) = 24 rows from row 63.
        assertThat(List.of(cont.startRow(), cont.rows())).containsExactly(0L, 63L);
        assertThat(List.of(cool.startRow(), cool.rows())).containsExactly(63L, 24L);
        assertThat(base.phase("pretrain").orElseThrow().plan().startRow()).isZero();

        // From what the trainer read: its shard stream's positions, as it logged them.
        long[] continueRead = readRange(MIXTURES.work().run("balanced-text-tiny-s0"), "continue");
        long[] cooldownRead =
                readRange(MIXTURES.work().run("balanced-text-cooldown-tiny-s0"), "cooldown");
        assertThat(continueRead).containsExactly(0, 62);
        assertThat(cooldownRead).containsExactly(63, 86);

        // The rows themselves: no row of the cooldown is one the continue phase trained on.
        List<String> rows = textRows();
        Set<String> seen = new HashSet<>(rows.subList(0, 63));
        List<String> cooldownRows = rows.subList(63, 87);
        assertThat(cooldownRows).hasSize(24).noneMatch(seen::contains);

        // The cursor travels with the checkpoint: the cooldown's final checkpoint says where the
        // lineage stopped reading each mixture.
        Checkpoint end =
                Checkpoint.finalOf(
                                MIXTURES.work().run("balanced-text-cooldown-tiny-s0"), "cooldown")
                        .orElseThrow();
        assertThat(end.state().dataCursor())
                .containsExactlyInAnyOrderEntriesOf(Map.of("balanced", 32L, "text", 87L));
    }

    @Test
    void externalTrainersGetTheStartRow() {
        Launcher launcher = MIXTURES.launcher();
        RunSpec cooldown = launcher.select(List.of("balanced-text-cooldown")).get(1);
        PhaseJob job = launcher.job(cooldown, 0);
        assertThat(CommandTemplate.render("train --from-row {start_row} --rows {rows}", job))
                .isEqualTo("train --from-row 63 --rows 24");
        assertThat(CommandTemplate.environment(job)).containsEntry("MIXLAB_START_ROW", "63");
        String script =
                new SlurmBackend(
                                new TrainingSpec.CommandSpec(
                                        "train --from-row {start_row}", Map.of()),
                                new TrainingSpec.SlurmSpec(Map.of(), List.of(), 1))
                        .render(job);
        assertThat(script)
                .contains("export MIXLAB_START_ROW=63\n")
                .contains("train --from-row 63\n");
    }

    @Test
    void plansShowTheRowRanges() {
        Launcher launcher = MIXTURES.launcher();
        String plan = launcher.describe(launcher.select(List.of()), new ProxyBackend());
        assertThat(plan)
                .containsPattern("continue +mixture text .* rows 0–62 ")
                .containsPattern("cooldown +mixture text .* rows 63–86 ");
    }

    @Test
    void tooFewRowsLeftIsRefusedUnlessTheSpecAllowsANewEpoch() throws Exception {
        // A text mixture built for 12K tokens (94 rows) whose continue phase reads 4K (rows 0–31).
        String continue4k = RUNS.replace("tokens: 8K", "tokens: 4K");
        Path other = MIXTURES.dir().resolve("small");
        Files.createDirectories(other);
        AblationSpec small =
                ByteMixtures.build(
                        other,
                        ByteMixtures.spec("data-order", continue4k.formatted("12K", "")),
                        300);
        WorkDir smallWork = WorkDir.choose(null, small);
        assertThat(MixtureManifest.read(smallWork.mixture("text")).train().rows()).isEqualTo(94);

        // The spec now wants a cooldown of 100% of 8K = 63 rows from row 32, but the mixture as
        // built has 62 left.
        String fullCooldown = continue4k.replace("fraction: 0.25", "fraction: 1.0");
        Files.writeString(
                other.resolve("spec.yaml"),
                ByteMixtures.spec("data-order", fullCooldown.formatted("20K", "")));
        Launcher launcher = new Launcher(SpecLoader.load(other.resolve("spec.yaml")), smallWork);
        List<RunSpec> runs = launcher.select(List.of("balanced-text-cooldown"));
        launcher.train(runs.subList(0, 1), new ProxyBackend(), Set.of(), quiet());
        assertThatThrownBy(
                        () ->
                                launcher.train(
                                        runs.subList(1, 2), new ProxyBackend(), Set.of(), quiet()))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining("needs 63 rows of mixture 'text' from row 32")
                .hasMessageContaining("but the mixture has 94 rows: 62 left")
                .hasMessageContaining("new_epoch: true");
        assertThat(Files.exists(smallWork.run("balanced-text-cooldown-tiny-s0"))).isFalse();

        // With new_epoch the cooldown reads to the last row and goes on from row 0.
        Files.writeString(
                other.resolve("spec.yaml"),
                ByteMixtures.spec(
                        "data-order", fullCooldown.formatted("20K", ", new_epoch: true")));
        Launcher allowed = new Launcher(SpecLoader.load(other.resolve("spec.yaml")), smallWork);
        allowed.train(
                allowed.select(List.of("balanced-text-cooldown")).subList(1, 2),
                new ProxyBackend(),
                Set.of(),
                quiet());
        Path cooldownDir = smallWork.run("balanced-text-cooldown-tiny-s0");
        assertThat(Files.readString(cooldownDir.resolve("train.log")))
                .contains(
                        "phase cooldown: read rows 32–93 and 0–0 of mixture text (63 rows of 94; a new pass from row 0)");
        assertThat(RunRecord.read(cooldownDir).orElseThrow().phases().get(0).plan().startRow())
                .isEqualTo(32);
    }

    /** First and last row of the mixture the phase's trainer reported reading. */
    private static long[] readRange(Path runDir, String phase) throws Exception {
        Matcher m =
                Pattern.compile("phase " + phase + ": read rows (\\d+)–(\\d+) of mixture")
                        .matcher(Files.readString(runDir.resolve("train.log")));
        assertThat(m.find()).as("train.log of " + runDir.getFileName()).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static List<String> textRows() {
        MixtureManifest manifest = MixtureManifest.read(MIXTURES.work().mixture("text"));
        List<String> rows = new ArrayList<>();
        try (ShardStream stream = ShardStream.train(MIXTURES.work().mixture("text"), manifest)) {
            while (stream.hasNext()) rows.add(Arrays.toString(stream.next().inputIds()));
        }
        return rows;
    }
}
