package dev.mixlab.cli;

import dev.mixlab.launcher.Launcher;
import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.backend.TrainingBackend;
import dev.mixlab.launcher.backend.TrainingBackend.PhaseFailedException;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the ablation's runs (recipe × model × seed; phases in order, init_from runs first) on the proxy, command or slurm backend.",
            "Each run lives in WORKDIR/runs/<run-id>/ (run.json, train.log, metrics.csv, checkpoints/<phase>/). Completed runs are skipped; "
                    + "an interrupted run resumes from its last checkpoint; a phase whose mixture was rebuilt since it started is refused.",
            "The mixtures must be built first (mixlab build)."
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin SpecOptions ablation;

    @Option(
            names = "--dry-run",
            description =
                    "Print the runs and phases in dependency order (and write the sbatch scripts for the slurm backend); train nothing.")
    boolean dryRun;

    @Option(
            names = "--only",
            paramLabel = "RUN",
            split = ",",
            description = "Only these runs or recipes (plus the runs they start from).")
    List<String> only = List.of();

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "Override training.backend: proxy, command or slurm.")
    String backend;

    @Option(
            names = "--restart",
            paramLabel = "RUN",
            split = ",",
            description = "Delete these runs' directories and train them from scratch.")
    List<String> restart = List.of();

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = ablation.load();
        WorkDir dir = ablation.workDir(spec);
        PrintWriter out = command.commandLine().getOut();
        try {
            DjlCache.configure(dir);
            Launcher launcher = new Launcher(spec, dir);
            List<RunSpec> runs = launcher.select(only);
            TrainingBackend chosen = launcher.backend(backend);
            if (dryRun) {
                out.print(launcher.describe(runs, chosen));
                if (chosen instanceof SlurmBackend slurm) {
                    for (RunSpec run : runs) {
                        for (int i = 0; i < run.phases().size(); i++)
                            out.println("wrote " + slurm.writeScript(launcher.job(run, i)));
                    }
                }
                out.flush();
                return ExitCodes.OK;
            }
            Launcher.Summary summary =
                    launcher.train(runs, chosen, new LinkedHashSet<>(restart), Terminal.out());
            out.printf(
                    "trained %d run(s), skipped %d completed; run directories under %s%n",
                    summary.trained().size(), summary.skipped().size(), dir.runs());
            out.flush();
            return ExitCodes.OK;
        } catch (PhaseFailedException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
