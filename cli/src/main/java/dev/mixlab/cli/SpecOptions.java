package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The ablation spec a command works on and its work directory (plan, curate, mix, build, train).
 */
final class SpecOptions {
    @Parameters(paramLabel = "FILE.yaml", description = "The ablation spec.")
    Path file;

    @Mixin WorkDirOption workDir;

    AblationSpec load() {
        return StorageSettings.apply(SpecLoader.load(file));
    }

    WorkDir workDir(AblationSpec spec) {
        return workDir.resolve(spec);
    }
}
