package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.io.OutsideRootException;
import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.PhaseResult;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.PhaseSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Planning, the run registry and continual pretraining with the proxy backend on real byte-level
 * mixtures.
 */
class LauncherTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "launcher-test",
                    """
            seed: 11
            mixtures:
              - {name: text, weights: {text: 1.0}, budget: 200K}
              - {name: balanced, weights: {text: 0.5, code: 0.5}, budget: 200K}
              - {name: cool, weights: {text: 0.8, code: 0.2}, budget: 200K}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 4}, log_every: 2, checkpoint_every: 8}
            runs:
              - name: balanced-text
                models: [tiny]
                phases:
                  - {name: pretrain, mixture: balanced, tokens: 20K}
                  - {name: continue, mixture: text, tokens: 10K, lr: {warmup_steps: 0}}
                cooldown: {mixture: cool, fraction: 0.2}
              - {name: text-only, models: [tiny], phases: [{mixture: text, tokens: 20K}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 300);

    @Test
    void dryRunListsRunsInDependencyOrderWithPhasesAndLinks() {
        Launcher launcher = MIXTURES.launcher();
        String plan = launcher.describe(launcher.select(List.of()), new ProxyBackend());
        assertThat(plan)
                .contains(
                        "3 runs in dependency order",
                        "batch 8 × seq_len 128 = 1,024 tokens per step");
        assertThat(plan.indexOf("balanced-text-tiny-s0 "))
                .isLessThan(plan.indexOf("balanced-text-cooldown-tiny-s0"));
        assertThat(plan)
                .containsPattern(
                        "pretrain +mixture balanced \\(code 50%\\) +20K tokens +rows 0–156 +20 steps +cosine 3\\.0e-03→3\\.0e-04 warmup 4 +from scratch");
        assertThat(plan)
                .containsPattern(
                        "continue +mixture text \\(code 0%\\) +10K tokens +rows 0–78 +10 steps +cosine 3\\.0e-03→3\\.0e-04 +continues pretrain");
        assertThat(plan)
                .containsPattern(
                        "cooldown +mixture cool \\(code 20%\\) +6K tokens +rows 0–46 +6 steps +linear 3\\.0e-03→1\\.0e-06 +init_from balanced-text-tiny-s0/continue");
    }

    @Test
    void onlySelectsTheRunAndWhatItStartsFrom() {
        Launcher launcher = MIXTURES.launcher();
        assertThat(launcher.select(List.of("balanced-text-cooldown")).stream().map(RunSpec::id))
                .containsExactly("balanced-text-tiny-s0", "balanced-text-cooldown-tiny-s0");
        assertThatThrownBy(() -> launcher.select(List.of("text-onyl")))
                .hasMessageContaining("no run or recipe of that name")
                .hasMessageContaining("did you mean 'text-only'");
    }

    @Test
    void trainsPhasesInOrderRecordsTheRunAndSkipsItOnRerun() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        List<RunSpec> runs = launcher.select(List.of("balanced-text-cooldown"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Launcher.Summary first =
                launcher.train(
                        runs,
                        new ProxyBackend(),
                        Set.of(),
                        new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(first.trained())
                .containsExactly("balanced-text-tiny-s0", "balanced-text-cooldown-tiny-s0");

        Path base = MIXTURES.work().run("balanced-text-tiny-s0");
        RunRecord record = RunRecord.read(base).orElseThrow();
        assertThat(record.status()).isEqualTo(RunRecord.Status.completed);
        assertThat(record.phases())
                .extracting(RunRecord.Phase::status)
                .containsOnly(RunRecord.Status.completed);
        assertThat(record.phases())
                .allSatisfy(p -> assertThat(p.mixtureManifestSha256()).hasSize(64));
        assertThat(record.setup().backend()).isEqualTo("proxy");
        assertThat(record.setup().host()).isNotBlank();
        assertThat(record.started()).isNotNull();
        assertThat(record.ended()).isNotNull();
        assertThat(Checkpoint.finalOf(base, "pretrain")).isPresent();
        assertThat(Checkpoint.finalOf(base, "continue")).isPresent();

        List<MetricsCsv.Row> metrics = MetricsCsv.read(base.resolve("metrics.csv"));
        assertThat(metrics)
                .extracting(MetricsCsv.Row::phase)
                .containsSubsequence("pretrain", "continue");
        assertThat(metrics.get(metrics.size() - 1).step()).isEqualTo(30);
        assertThat(metrics.get(metrics.size() - 1).tokens())
                .isEqualTo(
                        (157L + 79L)
                                * 127); // ceil(20K / 128) + ceil(10K / 128) rows, 127 targets each
        assertThat(metrics).extracting(MetricsCsv.Row::step).isSorted().doesNotHaveDuplicates();

        String cooldownLog =
                Files.readString(
                        MIXTURES.work().run("balanced-text-cooldown-tiny-s0").resolve("train.log"));
        assertThat(cooldownLog)
                .contains("initialised from balanced-text-tiny-s0/continue (weights only");
        List<MetricsCsv.Row> cooldown =
                MetricsCsv.read(
                        MIXTURES.work()
                                .run("balanced-text-cooldown-tiny-s0")
                                .resolve("metrics.csv"));
        assertThat(cooldown.get(0).loss())
                .as(
                        "the cooldown starts from the trained weights, not from scratch (ln 257 = 5.55)")
                .isLessThan(metrics.get(0).loss() - 1.0);
        assertThat(cooldown.get(cooldown.size() - 1).lr())
                .isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-9));

        Launcher.Summary again =
                launcher.train(
                        runs,
                        new ProxyBackend(),
                        Set.of(),
                        new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(again.trained()).isEmpty();
        assertThat(again.skipped())
                .containsExactly("balanced-text-tiny-s0", "balanced-text-cooldown-tiny-s0");
    }

    @Test
    void refusesARunWhoseDependencyHasNotCompletedAndAMixtureThatIsNotBuilt() {
        Launcher launcher = MIXTURES.launcher();
        RunSpec cooldownOnly =
                MIXTURES.spec().runs().stream()
                        .filter(r -> r.recipe().equals("balanced-text-cooldown"))
                        .findFirst()
                        .orElseThrow();
        WorkDir empty = new WorkDir(MIXTURES.dir().resolve("empty-work"));
        Launcher fresh = new Launcher(MIXTURES.spec(), empty);
        assertThatThrownBy(
                        () ->
                                fresh.train(
                                        List.of(cooldownOnly),
                                        new ProxyBackend(),
                                        Set.of(),
                                        System.out))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining("has not completed");
        RunSpec textOnly = launcher.select(List.of("text-only")).get(0);
        assertThatThrownBy(
                        () ->
                                fresh.train(
                                        List.of(textOnly),
                                        new ProxyBackend(),
                                        Set.of(),
                                        System.out))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining("mixture 'text', which is not built")
                .hasMessageContaining("mixlab build");
    }

    @Test
    void refusesARunStartedOrCompletedOnAnEarlierBuildOfItsMixture() throws Exception {
        // The built mixtures, with a run registry of its own.
        Path root = MIXTURES.dir().resolve("rebuilt-work");
        Files.createDirectories(root);
        Files.createSymbolicLink(
                root.resolve("mixtures"), MIXTURES.work().root().resolve("mixtures"));
        WorkDir rebuilt = new WorkDir(root);
        Launcher launcher = new Launcher(MIXTURES.spec(), rebuilt);
        RunSpec textOnly = launcher.select(List.of("text-only")).get(0);
        PhaseSpec phase = textOnly.phases().get(0);
        String earlierBuild = "0".repeat(64);
        String current = dev.mixlab.launcher.run.ManifestHash.of(rebuilt.mixture("text"));
        RunRecord planned =
                RunRecord.planned(
                        new RunRecord.Setup(
                                textOnly.id(),
                                MIXTURES.spec().name(),
                                textOnly.recipe(),
                                MIXTURES.spec().models().get(textOnly.model()),
                                textOnly.seed(),
                                "bytes",
                                launcher.vocab(),
                                MIXTURES.spec().seqLen(),
                                8,
                                0.1,
                                1.0,
                                "proxy",
                                "host",
                                "test",
                                null,
                                null),
                        List.of(
                                new RunRecord.PhasePlan(
                                        phase.name(),
                                        phase.mixture(),
                                        phase.tokens(),
                                        20,
                                        phase.lr(),
                                        null,
                                        null,
                                        null)));
        Path runDir = rebuilt.run(textOnly.id());
        RunRecord.Phase started =
                planned.phases().get(0).start(earlierBuild, "2026-01-01T00:00:00Z");
        planned.start("2026-01-01T00:00:00Z").withPhase(started).write(runDir);

        refusedToTrain(launcher, textOnly)
                .hasMessageContaining(
                        "phases.pretrain.mixture_sha256 "
                                + earlierBuild.substring(0, 12)
                                + "… → "
                                + current.substring(0, 12)
                                + "…")
                .hasMessageContaining("nothing was trained")
                .hasMessageContaining("--restart " + textOnly.id());
        assertThat(RunRecord.read(runDir).orElseThrow().status())
                .isEqualTo(RunRecord.Status.running);

        planned.withPhase(
                        started.complete(
                                "2026-01-01T00:01:00Z",
                                "checkpoints/pretrain/final",
                                new PhaseResult(2.0, null, null, null)))
                .complete("2026-01-01T00:01:00Z")
                .write(runDir);
        refusedToTrain(launcher, textOnly)
                .hasMessageContaining(
                        "phases.pretrain.mixture_sha256 " + earlierBuild.substring(0, 12));
    }

    /** Training {@code run} with the proxy backend is refused before anything is trained. */
    private static AbstractThrowableAssert<?, ? extends Throwable> refusedToTrain(
            Launcher launcher, RunSpec run) {
        return assertThatThrownBy(
                        () ->
                                launcher.train(
                                        List.of(run), new ProxyBackend(), Set.of(), System.out))
                .isInstanceOf(Launcher.LaunchException.class);
    }

    /**
     * The work directory's own check, whatever validates names before it: a run id that leads out
     * of the work directory (as a model named {@code tiny-s0/../../../victim} made it) cannot make
     * {@code --restart} delete, nor training write, outside it.
     */
    @Test
    void aRunIdLeadingOutOfTheWorkDirectoryIsRefusedBeforeAnythingIsDeletedOrWritten()
            throws Exception {
        RunSpec textOnly = MIXTURES.launcher().select(List.of("text-only")).get(0);
        RunSpec escaping =
                new RunSpec(
                        "text-only-tiny-s0/../../../victim-s0",
                        textOnly.recipe(),
                        textOnly.model(),
                        textOnly.seed(),
                        textOnly.phases());
        Path victim = MIXTURES.work().runs().resolve(escaping.id()).normalize();
        assertThat(victim.startsWith(MIXTURES.work().root())).isFalse();
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("precious.txt"), "keep me");

        Launcher launcher = MIXTURES.launcher();
        assertThatThrownBy(
                        () ->
                                launcher.train(
                                        List.of(escaping),
                                        new ProxyBackend(),
                                        Set.of(escaping.id()),
                                        System.out))
                .isInstanceOf(OutsideRootException.class)
                .hasMessageStartingWith("refusing to write " + victim)
                .hasMessageContaining("outside the work directory " + MIXTURES.work().root());
        assertThatThrownBy(() -> launcher.job(escaping, 0))
                .isInstanceOf(OutsideRootException.class);

        try (var left = Files.list(victim)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("precious.txt");
        }
        assertThat(victim.resolveSibling(".victim-s0.lock")).doesNotExist();
    }
}
