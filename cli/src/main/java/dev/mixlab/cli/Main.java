package dev.mixlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point of the shaded jar ({@code bin/mixlab}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // First, before any library class loads: library logs go to the work directory's logs/.
        LibraryLog log = LibraryLog.install(args);
        CommandLine cli = MixlabCommand.commandLine();
        cli.setOut(new PrintWriter(Terminal.out(), true));
        cli.setErr(new PrintWriter(Terminal.err(), true));
        cli.setExecutionStrategy(
                parsed -> {
                    log.command(LibraryLog.commandName(parsed));
                    return new CommandLine.RunLast().execute(parsed);
                });
        int code = cli.execute(args);
        Optional<Path> written = log.finish();
        if (code == ExitCodes.FAILURE && written.isPresent())
            Terminal.err().println("mixlab: library log of this run: " + written.get());
        Terminal.out().flush();
        Terminal.err().flush();
        System.exit(code);
    }
}
