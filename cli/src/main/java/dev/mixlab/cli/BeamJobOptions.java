package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What every command that runs Beam jobs on an ablation takes (curate, mix, build): the spec, the runner, the work directory. */
final class BeamJobOptions {
    @Parameters(paramLabel = "FILE.yaml", description = "The ablation spec.")
    Path file;

    @Mixin
    RunnerOptions runner;

    @Mixin
    WorkDirOption workDir;

    AblationSpec loadSpec() {
        return SpecLoader.load(file);
    }

    RunnerChoice runnerChoice() {
        return runner.choice();
    }

    WorkDir workDir(AblationSpec spec) {
        return workDir.resolve(spec);
    }
}
