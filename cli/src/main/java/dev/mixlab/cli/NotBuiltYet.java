package dev.mixlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Commands whose names are reserved but whose work is not built yet. They say so and exit 1 rather
 * than pretend; each names the issue that builds it.
 */
abstract class NotBuiltYet implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Arguments (not read until the command is built).")
    List<String> args;

    @Mixin
    WorkDirOption workDir;

    abstract String what();

    @Override
    public Integer call() {
        throw new CommandFailure("not built yet: " + what());
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Launch the ablation's runs (proxy, command or Slurm backend). Not built yet.")
    static final class Train extends NotBuiltYet {
        String what() { return "the training launcher is the Training launcher issue"; }
    }
}
