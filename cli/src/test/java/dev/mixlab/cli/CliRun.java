package dev.mixlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the CLI with its exit code and captured output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = MixlabCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * {@code mixlab COMMAND SPEC [MORE...] --runner direct --workdir WORK}: a pipeline command on
     * Beam's Direct runner.
     */
    static CliRun direct(String command, Path spec, Path work, String... more) {
        List<String> args = new ArrayList<>(List.of(command, spec.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--runner", "direct", "--workdir", work.toString()));
        return of(args.toArray(String[]::new));
    }
}
