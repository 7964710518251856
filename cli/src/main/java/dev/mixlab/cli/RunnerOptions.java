package dev.mixlab.cli;

import dev.mixlab.pipelines.runner.RunnerChoice;
import picocli.CommandLine.Option;

/** {@code --runner}, {@code --flink-master}, {@code --parallelism}: where a Beam job runs. */
public final class RunnerOptions {
    @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "flink",
            description = "flink (default: embedded in this JVM, or the cluster given by --flink-master) or direct (Beam's test runner).")
    String runner;

    @Option(names = "--flink-master", paramLabel = "HOST:PORT", description = "REST address of a Flink 1.19 session cluster.")
    String flinkMaster;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel workers (default: the cores of this machine).")
    Integer parallelism;

    RunnerChoice choice() {
        try {
            return new RunnerChoice(runner, flinkMaster, parallelism, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
