package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.backend.TrainingBackend.PhaseFailedException;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import dev.mixlab.mixtures.spec.TrainingSpec.SlurmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sbatch script and the submit → squeue → sacct tracking. No Slurm controller runs here, so the
 * tracking is exercised against stand-in sbatch/squeue/sacct scripts that run the batch script in
 * the background and answer like Slurm's tools (docs/TRAINING.md says so).
 */
class SlurmBackendTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "slurm-test",
                    """
            mixtures:
              - {name: text, weights: {text: 1.0}, budget: 50K}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: constant, peak: 1e-3, warmup_steps: 0}}
            runs:
              - {name: ok, models: [tiny], phases: [{mixture: text, tokens: 5K}]}
              - {name: crash, models: [tiny], phases: [{mixture: text, tokens: 5K}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 100);
    static Path tools;

    @BeforeAll
    static void setUp() throws Exception {
        tools = Files.createDirectories(MIXTURES.dir().resolve("slurm-tools"));
        stub(
                "sbatch",
                """
                #!/bin/bash
                script="${@: -1}"; id=$(( $(cat "$0.next" 2>/dev/null || echo 100) + 1 )); echo $id > "$0.next"
                out=$(sed -n 's/^#SBATCH --output=//p' "$script" | sed "s/%j/$id/")
                (bash "$script" > "$out" 2>&1; echo $? > "$(dirname "$0")/job-$id.exit") &
                echo "$id;cluster"
                """);
        stub(
                "squeue",
                """
                #!/bin/bash
                id="$3"; [ -f "$(dirname "$0")/job-$id.exit" ] || echo RUNNING
                """);
        stub(
                "sacct",
                """
                #!/bin/bash
                code=$(cat "$(dirname "$0")/job-$2.exit"); if [ "$code" = 0 ]; then echo "COMPLETED|0:0"; else echo "FAILED|$code:0"; fi
                """);
    }

    private static void stub(String name, String body) throws Exception {
        Path file = tools.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static SlurmSpec slurm() {
        Map<String, String> directives = new LinkedHashMap<>();
        directives.put("partition", "gpu");
        directives.put("gpus-per-node", "8");
        directives.put("time", "48:00:00");
        return new SlurmSpec(
                directives, List.of("module load cuda/12.4", "source ~/venv/bin/activate"), 1);
    }

    @Test
    void rendersDirectivesEnvironmentSetupAndTheCommand() {
        Launcher launcher = MIXTURES.launcher();
        PhaseJob job = launcher.job(MIXTURES.spec().runs().get(0), 0);
        CommandSpec command =
                new CommandSpec(
                        "torchrun --nproc_per_node=8 train.py --data {shards} --tokens {tokens} --out {checkpoint_dir}",
                        Map.of("WANDB_PROJECT", "code vs text"));
        String script = new SlurmBackend(command, slurm()).render(job);
        assertThat(script)
                .startsWith("#!/bin/bash\n")
                .contains(
                        "#SBATCH --job-name=mixlab-ok-tiny-s0-pretrain\n",
                        "#SBATCH --output=" + job.runDir().resolve("slurm/pretrain-%j.out") + "\n",
                        "#SBATCH --partition=gpu\n#SBATCH --gpus-per-node=8\n#SBATCH --time=48:00:00\nset -euo pipefail\n",
                        "export WANDB_PROJECT='code vs text'\nmodule load cuda/12.4\nsource ~/venv/bin/activate\n",
                        "cd " + job.runDir() + "\n",
                        "torchrun --nproc_per_node=8 train.py --data '"
                                + MIXTURES.work().mixture("text").resolve("part-*.parquet")
                                + "' --tokens 5000 --out "
                                + job.checkpointDir()
                                + "\n");
    }

    @Test
    void submitsWaitsAndMapsTheFinalState() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        SlurmSpec local =
                new SlurmSpec(slurm().directives(), List.of("echo \"node $(hostname)\""), 1);
        SlurmBackend backend = new SlurmBackend(ExternalTrainer.command(), local, tools);
        launcher.train(launcher.select(List.of("ok")), backend, Set.of(), System.out);
        RunRecord ok = completedAsSlurmJob(MIXTURES.work());
        assertThat(ok.phases().get(0).result().finalLoss()).isNotNull();

        SlurmBackend crashing =
                new SlurmBackend(
                        new CommandSpec("echo out of memory >&2; exit 137", Map.of()),
                        local,
                        tools);
        failsTheCrashRun(launcher, MIXTURES.work(), crashing)
                .hasMessageContaining("slurm/pretrain-");
    }

    /**
     * The record of run {@code ok}, which must have completed as a Slurm job whose output file
     * ({@code slurm/pretrain-<job id>.out}) says its phase is done.
     */
    static RunRecord completedAsSlurmJob(WorkDir work) {
        RunRecord ok = RunRecord.read(work.run("ok-tiny-s0")).orElseThrow();
        assertThat(ok.status()).isEqualTo(RunRecord.Status.completed);
        String jobId = ok.phases().get(0).result().slurmJobId();
        assertThat(jobId).matches("\\d+");
        assertThat(work.run("ok-tiny-s0").resolve("slurm/pretrain-" + jobId + ".out"))
                .content()
                .contains("phase pretrain done");
        return ok;
    }

    /** Training run {@code crash} on {@code crashing} fails its phase and marks the run failed. */
    static AbstractThrowableAssert<?, ? extends Throwable> failsTheCrashRun(
            Launcher launcher, WorkDir work, SlurmBackend crashing) {
        AbstractThrowableAssert<?, ? extends Throwable> thrown =
                assertThatThrownBy(
                                () ->
                                        launcher.train(
                                                launcher.select(List.of("crash")),
                                                crashing,
                                                Set.of(),
                                                System.out))
                        .isInstanceOf(PhaseFailedException.class)
                        .hasMessageContaining("ended in state FAILED");
        assertThat(RunRecord.read(work.run("crash-tiny-s0")).orElseThrow().status())
                .isEqualTo(RunRecord.Status.failed);
        return thrown;
    }

    /**
     * Issue 12, point 4: a newline in a name wrote a bare command line into the script. Every value
     * is now quoted as for the command backend, and one that cannot be a single line is refused.
     */
    @Test
    void noValueCanEndAHeaderLineOrStartACommand() throws Exception {
        PhaseJob job = MIXTURES.launcher().job(MIXTURES.spec().runs().get(0), 0);
        Path marker = MIXTURES.dir().resolve("injected");
        Map<String, String> directives = new LinkedHashMap<>();
        directives.put("comment", "it's a b # $(touch " + marker + ")");
        directives.put("time", "48:00:00");
        CommandSpec command =
                new CommandSpec(
                        "echo {run_id} > ran.txt",
                        Map.of("NOTE", "x'; touch " + marker + "; echo '"));
        PhaseJob spaced =
                copy(
                        job,
                        job.runId(),
                        Files.createDirectories(MIXTURES.dir().resolve("my runs/ok")));
        String script =
                new SlurmBackend(command, new SlurmSpec(directives, List.of(), 1)).render(spaced);

        Map<String, String> header = new LinkedHashMap<>();
        script.lines()
                .filter(l -> l.startsWith("#SBATCH "))
                .map(l -> sbatchArgument(l.substring("#SBATCH ".length())))
                .forEach(
                        a ->
                                header.put(
                                        a.substring(2, a.indexOf('=')),
                                        a.substring(a.indexOf('=') + 1)));
        assertThat(header)
                .containsExactly(
                        Map.entry("job-name", "mixlab-ok-tiny-s0-pretrain"),
                        Map.entry(
                                "output",
                                spaced.runDir().resolve("slurm/pretrain-%j.out").toString()),
                        Map.entry("comment", directives.get("comment")),
                        Map.entry("time", "48:00:00"));

        Path file = MIXTURES.dir().resolve("injection.sbatch");
        Files.writeString(file, script);
        Process bash =
                new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(output).isZero();
        assertThat(spaced.runDir().resolve("ran.txt"))
                .content()
                .isEqualToIgnoringNewLines("ok-tiny-s0");
        assertThat(marker).doesNotExist();

        PhaseJob hostile = copy(job, "tiny\ntouch " + marker + "\n", job.runDir());
        assertThatThrownBy(() -> new SlurmBackend(command, slurm()).render(hostile))
                .hasMessageContaining("control character")
                .hasMessageContaining("tiny\\ntouch");
        assertThatThrownBy(
                        () ->
                                new SlurmSpec(
                                        Map.of("partition", "gpu\n#SBATCH --uid=0"), List.of(), 1))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> new CommandSpec("true", Map.of("A;touch x", "1")))
                .hasMessageContaining("not an environment variable name");
    }

    private static PhaseJob copy(PhaseJob job, String runId, Path runDir) {
        return new PhaseJob(
                runId,
                job.phase(),
                job.model(),
                job.vocab(),
                job.seqLen(),
                job.batchSize(),
                job.tokens(),
                job.lr(),
                job.weightDecay(),
                job.gradClip(),
                job.seed(),
                job.mixtureDir(),
                runDir,
                job.previousPhase(),
                job.initCheckpoint(),
                job.checkpointEvery(),
                job.logEvery(),
                job.startRow(),
                job.newEpoch());
    }

    /**
     * One argument of an {@code #SBATCH} line as sbatch reads it: single or double quotes group, a
     * backslash escapes the next character, an unquoted {@code #} or blank ends it.
     */
    static String sbatchArgument(String line) {
        StringBuilder argument = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                argument.append(line.charAt(++i));
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                else argument.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' || Character.isWhitespace(c)) {
                break;
            } else {
                argument.append(c);
            }
        }
        assertThat((int) quote).as("unmatched quote in " + line).isZero();
        return argument.toString();
    }
}
