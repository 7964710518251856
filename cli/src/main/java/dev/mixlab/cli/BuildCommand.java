package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Curate (reusing up-to-date pools) and mix every mixture of an ablation: curate + mix in one command.",
                "With --only, only the named mixtures and the sources they use."})
final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.yaml", description = "The ablation spec.")
    Path file;

    @Option(names = "--only", paramLabel = "MIXTURE", split = ",", description = "Only these mixtures (default: all).")
    List<String> only = List.of();

    @Option(names = "--force", description = "Rebuild pools and mixtures even when they are up to date.")
    boolean force;

    @Mixin
    RunnerOptions runner;

    @Mixin
    WorkDirOption workDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = SpecLoader.load(file);
        List<MixtureSpec> mixtures = MixCommand.selected(spec, only, file);
        WorkDir dir = workDir.resolve(spec);
        RunnerChoice choice = runner.choice();
        PrintWriter out = command.commandLine().getOut();
        Curator curator = new Curator(spec, dir, choice, ReadLimits.DEFAULT, System.err);
        CurateCommand.curate(curator, only.isEmpty() ? List.of() : weightedSources(mixtures), force, out);
        MixCommand.print(out, MixCommand.mixer(spec, dir, curator, choice).mix(MixCommand.names(mixtures), force));
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> weightedSources(List<MixtureSpec> mixtures) {
        return mixtures.stream().flatMap(m -> m.weights().entrySet().stream().filter(w -> w.getValue() > 0).map(Map.Entry::getKey))
                .distinct().toList();
    }
}
