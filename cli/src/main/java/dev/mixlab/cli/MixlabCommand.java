package dev.mixlab.cli;

import dev.mixlab.filters.Failures;
import dev.mixlab.io.OutputBusyException;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.MixlabVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "mixlab",
        mixinStandardHelpOptions = true,
        versionProvider = MixlabCommand.Version.class,
        description =
                "Pretraining data-mixture ablations: how much code, when, and of what quality.",
        subcommands = {
            SampleCommand.class,
            PlanCommand.class,
            CurateCommand.class,
            MixCommand.class,
            BuildCommand.class,
            InspectCommand.class,
            ExportCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            ContaminationCommand.class,
            SearchCommand.class,
            QuickstartCommand.class,
            FlinkCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 failure while running, 2 invalid usage or configuration.",
            "Run 'mixlab COMMAND --help' for a command's options."
        })
public final class MixlabCommand implements Runnable {
    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and debug detail on errors.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a command, e.g. 'mixlab quickstart' or 'mixlab plan FILE.yaml'");
    }

    /** The configured command line: exit codes and one-line errors as documented. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MixlabCommand());
        // Every path option and parameter may be an s3:// URI.
        cli.registerConverter(Path.class, StoragePaths::of);
        cli.setExecutionExceptionHandler(MixlabCommand::handleFailure);
        cli.setParameterExceptionHandler(MixlabCommand::handleUsage);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        return cli;
    }

    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose =
                parsed.hasMatchedOption("--verbose")
                        || parsed.subcommands().stream()
                                .anyMatch(p -> p.hasMatchedOption("--verbose"))
                        || hasVerboseDeep(parsed);
        int code = ExitCodes.of(e);
        err.println(cli.getCommandSpec().qualifiedName() + ": " + oneLine(describe(e, verbose)));
        if (verbose) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /**
     * The one line a failure gets: an invalid request's own message; otherwise the failure's
     * message with its root cause when the message does not already say it (Beam and Flink wrap "No
     * space left on device" in "Pipeline execution failed"), and where the stack trace is.
     */
    static String describe(Exception e, boolean verbose) {
        Optional<RuntimeException> invalid = ExitCodes.invalidRequest(e);
        if (invalid.isPresent()) return messageOf(invalid.get());
        String message = messageOf(e);
        String cause = Failures.describeRootCause(e);
        if (!message.contains(cause)) message += ": " + cause;
        // A busy output is not a bug: its message says who holds it and what to do.
        if (!verbose && !(e instanceof CommandFailure) && !(e instanceof OutputBusyException))
            message += " (run again with --verbose for the stack trace)";
        return message;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage();
    }

    private static boolean hasVerboseDeep(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.INVALID;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\n\\s*", "; ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mixlab " + MixlabVersion.get(), "Java " + System.getProperty("java.version")
            };
        }
    }
}
