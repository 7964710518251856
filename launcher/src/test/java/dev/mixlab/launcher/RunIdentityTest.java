package dev.mixlab.launcher;

import static dev.mixlab.launcher.ByteMixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run identity: a run trained under one spec is never skipped, resumed, evaluated or compared as
 * the run of a changed spec; corrupt or hand-edited records stop everything; records of versions
 * before run identities are checked against what they recorded.
 */
class RunIdentityTest {
    private static final String SPEC =
            """
            mixtures:
              - {name: text, weights: {text: 1.0}, budget: 4K}
            models:
              tiny: {d_model: 16, n_layers: 1, n_heads: 1}
            training: {batch_size: 8, lr: {schedule: cosine, peak: %s, min: 3e-4, warmup_steps: 0}}
            runs:
              - name: two
                models: [tiny]
                phases:
                  - {name: pretrain, mixture: text, tokens: 1K}
                  - {name: continue, mixture: text, tokens: 1K}
            """;

    @RegisterExtension
    static final ByteMixtures MIXTURES =
            new ByteMixtures(ByteMixtures.spec("identity", SPEC.formatted("3e-3")), 120);

    static final String RUN = "two-tiny-s0";

    @BeforeAll
    static void train() {
        MIXTURES.trainAll(new ProxyBackend());
    }

    private static Launcher launcherWithPeak(String peak) throws Exception {
        Path file = MIXTURES.dir().resolve("edited.yaml");
        Files.writeString(file, ByteMixtures.spec("identity", SPEC.formatted(peak)));
        return new Launcher(SpecLoader.load(file), MIXTURES.work());
    }

    private static Path runJson() {
        return MIXTURES.work().run(RUN).resolve(RunRecord.FILE_NAME);
    }

    @Test
    void theRecordHoldsTheResolvedConfigAndItsHash() {
        RunRecord record = RunRecord.read(MIXTURES.work().run(RUN)).orElseThrow();
        assertThat(record.setup().configSha256()).matches("[0-9a-f]{64}");
        assertThat(record.setup().config())
                .containsEntry("phases.pretrain.lr.peak", "0.003")
                .containsEntry("phases.continue.start_row", "8")
                .containsEntry("training.backend", "proxy")
                .containsKey("phases.continue.mixture_sha256");
    }

    @Test
    void aChangedSpecIsRefusedWithEachDifferenceUntilRestarted() throws Exception {
        String before = Files.readString(runJson());
        Launcher edited = launcherWithPeak("1e-3");
        var runs = edited.select(List.of());
        assertThatThrownBy(() -> edited.train(runs, new ProxyBackend(), Set.of(), quiet()))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining(
                        "run two-tiny-s0 (phases.pretrain.lr.peak 0.003 → 0.001; phases.continue.lr.peak 0.003 → 0.001)")
                .hasMessageContaining("nothing was trained")
                .hasMessageContaining("--restart two-tiny-s0")
                .hasMessageContaining("rename the recipe");
        assertThat(Files.readString(runJson())).isEqualTo(before);
        assertThat(edited.describe(runs, new ProxyBackend()))
                .contains(
                        "[stale (phases.pretrain.lr.peak 0.003 → 0.001; phases.continue.lr.peak 0.003 → 0.001)]");
        // Evaluation and comparison refuse it as well (eval and compare call this).
        assertThatThrownBy(() -> edited.requireCurrent(runs, null, "no results"))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining("phases.pretrain.lr.peak 0.003 → 0.001");

        Launcher.Summary restarted = edited.train(runs, new ProxyBackend(), Set.of(RUN), quiet());
        assertThat(restarted.trained()).containsExactly(RUN);
        assertThat(RunRecord.read(MIXTURES.work().run(RUN)).orElseThrow().setup().config())
                .containsEntry("phases.pretrain.lr.peak", "0.001");
        assertThat(edited.staleness(runs.get(0), "proxy")).isEmpty();
        // Back to the first spec: now that one differs.
        Launcher original = launcherWithPeak("3e-3");
        var originalRuns = original.select(List.of());
        assertThat(original.staleness(originalRuns.get(0), "proxy"))
                .contains("phases.pretrain.lr.peak 0.001 → 0.003");
        original.train(originalRuns, new ProxyBackend(), Set.of(RUN), quiet());
    }

    @Test
    void aCorruptOrHandEditedRecordStopsWithItsFileNamed() throws Exception {
        String good = Files.readString(runJson());
        Launcher launcher = launcherWithPeak("3e-3");
        var runs = launcher.select(List.of());
        try {
            Files.writeString(runJson(), good.substring(0, good.length() / 2));
            assertThatThrownBy(() -> launcher.train(runs, new ProxyBackend(), Set.of(), quiet()))
                    .isInstanceOf(RunRecord.CorruptException.class)
                    .hasMessageContaining(runJson().toString())
                    .hasMessageContaining("is not a readable run record");

            Files.writeString(runJson(), good.replace("\"0.003\"", "\"0.001\""));
            assertThatThrownBy(() -> launcher.train(runs, new ProxyBackend(), Set.of(), quiet()))
                    .isInstanceOf(RunRecord.CorruptException.class)
                    .hasMessageContaining(runJson().toString())
                    .hasMessageContaining("does not match its config_sha256");

            Files.writeString(runJson(), "{\"format\": \"mixlab.run/1\", \"id\": \"two-tiny-s0\"}");
            assertThatThrownBy(() -> launcher.train(runs, new ProxyBackend(), Set.of(), quiet()))
                    .isInstanceOf(RunRecord.CorruptException.class)
                    .hasMessageContaining(runJson().toString());
        } finally {
            Files.writeString(runJson(), good);
        }
    }

    /**
     * A record of a version before run identities has no config: it is checked against the fields
     * it recorded. Those versions read every phase from row 0, so this two-phase run, whose
     * continue phase now starts at row 8, is stale; without that difference it is kept.
     */
    @Test
    void aRecordOfAnEarlierVersionIsCheckedAgainstWhatItRecorded() throws Exception {
        String good = Files.readString(runJson());
        ObjectMapper json = new ObjectMapper();
        ObjectNode legacy = (ObjectNode) json.readTree(good);
        legacy.remove(List.of("config", "config_sha256"));
        legacy.withArray("phases")
                .forEach(p -> ((ObjectNode) p).remove(List.of("start_row", "rows")));
        Launcher launcher = launcherWithPeak("3e-3");
        var runs = launcher.select(List.of());
        try {
            Files.writeString(runJson(), json.writeValueAsString(legacy));
            assertThat(launcher.staleness(runs.get(0), "proxy"))
                    .containsExactly("phases.continue.start_row 0 → 8");

            // A single-phase run of an earlier version that matches is kept, with a note.
            Path single = MIXTURES.dir().resolve("single.yaml");
            Files.writeString(
                    single,
                    ByteMixtures.spec("identity", SPEC.formatted("3e-3"))
                            .replace("      - {name: continue, mixture: text, tokens: 1K}\n", ""));
            Launcher onePhase = new Launcher(SpecLoader.load(single), MIXTURES.work());
            ObjectNode onePhaseLegacy = legacy.deepCopy();
            onePhaseLegacy.withArray("phases").remove(1);
            Files.writeString(runJson(), json.writeValueAsString(onePhaseLegacy));
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Launcher.Summary summary =
                    onePhase.train(
                            onePhase.select(List.of()),
                            new ProxyBackend(),
                            Set.of(),
                            new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(summary.skipped()).containsExactly(RUN);
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("before run identities; its recorded settings match the spec");
        } finally {
            Files.writeString(runJson(), good);
        }
    }
}
