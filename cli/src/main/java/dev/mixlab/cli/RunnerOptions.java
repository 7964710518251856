package dev.mixlab.cli;

import dev.mixlab.cli.flink.LocalFlinkCluster;
import dev.mixlab.pipelines.runner.RunnerChoice;
import picocli.CommandLine.Option;

/** {@code --runner}, {@code --flink-master}, {@code --parallelism}: where a Beam job runs. */
public final class RunnerOptions {
    @Option(
            names = "--runner",
            paramLabel = "RUNNER",
            defaultValue = "flink",
            description =
                    "flink (default: embedded in this JVM, or the cluster given by --flink-master) or direct (Beam's test runner).")
    String runner;

    @Option(
            names = "--flink-master",
            paramLabel = "HOST:PORT",
            description = "REST address of a Flink 1.19 session cluster.")
    String flinkMaster;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallel workers (default: the cores of this machine).")
    Integer parallelism;

    /**
     * A remote master gets the job jar as the only file to stage (not the 170 jars of the
     * classpath) and, unless given, a parallelism of all its task slots (Flink's own default would
     * be 1).
     */
    RunnerChoice choice() {
        if (flinkMaster == null) return new RunnerChoice(runner, null, parallelism, null);
        Integer slots =
                parallelism != null
                        ? parallelism
                        : LocalFlinkCluster.slots(flinkMaster)
                                .orElseThrow(
                                        () ->
                                                new CommandFailure(
                                                        "the Flink cluster at "
                                                                + flinkMaster
                                                                + " does not answer on its REST port; is it running? (mixlab flink status)"));
        return new RunnerChoice(runner, flinkMaster, slots, MixlabJar.flinkJobJar(Terminal.err()));
    }
}
