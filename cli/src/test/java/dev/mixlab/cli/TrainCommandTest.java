package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private static final Path PAPER = BinMixlab.ROOT.resolve("configs/paper/code-vs-text.yaml");

    @TempDir Path work;

    @Test
    void dryRunOfThePaperAblationPrintsTheRecipesInDependencyOrderAndWritesSbatchScripts() {
        CliRun run =
                CliRun.of("train", PAPER.toString(), "--dry-run", "--workdir", work.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String plan = run.out();
        assertThat(plan)
                .contains(
                        "32 runs in dependency order, backend slurm, batch 512 × seq_len 8192 = 4,194,304 tokens per step");
        for (String recipe : List.of("text-only", "balanced-only", "balanced-text", "code-text")) {
            int base = plan.indexOf(". " + recipe + "-470M-s0 ");
            int cooldown = plan.indexOf(". " + recipe + "-cooldown-470M-s0 ");
            assertThat(base).as(recipe).isPositive();
            assertThat(cooldown).as(recipe + " cooldown after its base run").isGreaterThan(base);
        }
        assertThat(plan)
                .containsPattern(
                        "pretrain +mixture balanced \\(code 50%\\) +200B tokens +rows 0–24414062 +47,684 steps +cosine 3\\.0e-04→3\\.0e-05 warmup 1325 +from scratch");
        assertThat(plan)
                .containsPattern(
                        "continue +mixture text-90 \\(code 10%\\) +200B tokens +rows 0–24414062 +47,684 steps +cosine 3\\.0e-04→3\\.0e-05 +continues pretrain");
        assertThat(plan)
                .containsPattern(
                        "cooldown +mixture cooldown \\(code 20%\\) +40B tokens +rows 0–4882812 +9,537 steps +linear 3\\.0e-04→1\\.0e-06 +init_from balanced-text-470M-s0/continue");
        Path script = work.resolve("runs/balanced-text-470M-s0/slurm/continue.sbatch");
        assertThat(plan).contains("wrote " + script);
        assertThat(script)
                .content()
                .contains(
                        "#SBATCH --gpus-per-node=8",
                        "torchrun --nproc_per_node=8 train.py",
                        "--train-tokens 200000000000",
                        "--resume-from pretrain");
    }

    @Test
    void onlyWithAnUnknownRunAndAnUnbuiltMixtureAreUsageErrors() throws Exception {
        CliRun unknown =
                CliRun.of(
                        "train",
                        PAPER.toString(),
                        "--dry-run",
                        "--only",
                        "balanced-txt",
                        "--workdir",
                        work.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("did you mean 'balanced-text'");

        Path quickstart = BinMixlab.ROOT.resolve("configs/quickstart.yaml");
        CliRun unbuilt =
                CliRun.of(
                        "train",
                        quickstart.toString(),
                        "--only",
                        "code-25",
                        "--workdir",
                        work.toString());
        assertThat(unbuilt.exitCode()).isEqualTo(2);
        assertThat(unbuilt.err())
                .contains("mixture 'code-25', which is not built")
                .contains("mixlab build");
        assertThat(Files.exists(work.resolve("runs/code-25-tiny-s0"))).isFalse();
    }

    /**
     * Issue 12, point 1: the model name {@code tiny-s0/../../../victim} made train write (and
     * {@code --restart} delete) a run directory outside the work directory.
     */
    @Test
    void aModelNameThatWouldLeaveTheWorkDirectoryIsRefusedBeforeAnythingIsWritten()
            throws Exception {
        Path spec = work.resolve("escape.yaml");
        Path workdir = work.resolve("inner/work");
        Files.writeString(
                spec,
                Files.readString(BinMixlab.ROOT.resolve("configs/quickstart.yaml"))
                        .replace("tiny:", "tiny-s0/../../../victim:")
                        .replace("[tiny]", "[tiny-s0/../../../victim]")
                        .replace(
                                "../data/sample",
                                BinMixlab.ROOT.resolve("data/sample").toString()));
        for (String command : List.of("plan", "train")) {
            CliRun run = CliRun.of(command, spec.toString(), "--workdir", workdir.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err())
                    .containsPattern(
                            "escape\\.yaml:\\d+:\\d+: models\\.tiny-s0/\\.\\./\\.\\./\\.\\./victim: ")
                    .contains("path separator");
        }
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("escape.yaml");
        }
    }
}
