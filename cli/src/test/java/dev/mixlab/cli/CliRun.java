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
     * {@code mixlab eval import HARNESS --run RUN [MORE...] --workdir WORK}: one harness file (or
     * directory, or prefix) imported as the results of run {@code RUN}.
     */
    static CliRun evalImport(String harness, String run, String work, String... more) {
        List<String> args = new ArrayList<>(List.of("eval", "import", harness, "--run", run));
        args.addAll(List.of(more));
        args.addAll(List.of("--workdir", work));
        return of(args.toArray(String[]::new));
    }

    /** {@code mixlab compare --runs RUNS --out OUT --workdir WORK}. */
    static CliRun compare(String runs, String out, String work) {
        return of("compare", "--runs", runs, "--out", out, "--workdir", work);
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
