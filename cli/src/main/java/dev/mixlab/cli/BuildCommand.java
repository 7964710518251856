package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Curate (reusing up-to-date pools) and mix every mixture of an ablation: curate + mix in one command.",
            "With --only, only the named mixtures and the sources they use."
        })
final class BuildCommand implements Callable<Integer> {
    @Mixin SpecOptions ablation;

    @Mixin RunnerOptions runner;

    @Mixin MixtureSelection selection;

    @Option(
            names = "--force",
            description = "Rebuild pools and mixtures even when they are up to date.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = ablation.load();
        List<MixtureSpec> mixtures = selection.selected(spec, ablation.file);
        WorkDir dir = ablation.workDir(spec);
        RunnerChoice choice = runner.choice();
        PrintWriter out = command.commandLine().getOut();
        Curator curator = new Curator(spec, dir, choice, ReadLimits.DEFAULT, System.err);
        CurateCommand.curate(
                curator, selection.isAll() ? List.of() : weightedSources(mixtures), force, out);
        MixCommand.print(
                out,
                MixCommand.mixer(spec, dir, choice).mix(MixtureSelection.names(mixtures), force));
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> weightedSources(List<MixtureSpec> mixtures) {
        return mixtures.stream()
                .flatMap(
                        m ->
                                m.weights().entrySet().stream()
                                        .filter(w -> w.getValue() > 0)
                                        .map(Map.Entry::getKey))
                .distinct()
                .toList();
    }
}
