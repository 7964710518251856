package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import dev.mixlab.mixtures.spec.TrainingSpec.SlurmSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real job through a real single-node Slurm: `.ci/run` starts munge, slurmctld and slurmd
 * (`.ci/slurm-up`) and exports SLURM_CONF, so this runs in CI; without a Slurm it is skipped.
 */
@EnabledIfEnvironmentVariable(
        named = "SLURM_CONF",
        matches = ".+",
        disabledReason = "no Slurm here: start one with .ci/slurm-up DIR and export SLURM_CONF")
class RealSlurmTest {
    @TempDir Path dir;

    @Test
    void aProxyPhaseRunsAsASlurmJobAndAFailingJobFailsTheRun() {
        AblationSpec spec = ByteMixtures.build(dir, SlurmBackendTest.SPEC, 100);
        WorkDir work = WorkDir.choose(null, spec);
        Launcher launcher = new Launcher(spec, work);
        SlurmSpec slurm =
                new SlurmSpec(
                        Map.of("ntasks", "1", "cpus-per-task", "1", "time", "00:10:00"),
                        List.of(),
                        1);

        launcher.train(
                launcher.select(List.of("ok")),
                new SlurmBackend(ExternalTrainer.command(), slurm),
                Set.of(),
                System.out);
        SlurmBackendTest.completedAsSlurmJob(work);
        assertThat(Checkpoint.finalOf(work.run("ok-tiny-s0"), "pretrain")).isPresent();

        SlurmBackend crashing =
                new SlurmBackend(new CommandSpec("echo no GPU found >&2; exit 3", Map.of()), slurm);
        SlurmBackendTest.failsTheCrashRun(launcher, work, crashing);
    }
}
