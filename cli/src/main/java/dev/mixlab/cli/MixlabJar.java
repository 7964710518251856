package dev.mixlab.cli;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shaded mixlab jar this JVM runs from (the classpath of a local Flink cluster), and the job
 * jar built beside it, the one file staged to a cluster with every job.
 */
final class MixlabJar {
    static final String FLINK_JOB_JAR = "mixlab-flink-job.jar";

    private MixlabJar() {}

    /**
     * {@value #FLINK_JOB_JAR} next to the CLI jar: the job's classes without Flink itself (the
     * cluster has it), libtorch, DuckDB or the charts. Without it the whole CLI jar is staged,
     * which works but uploads about twice as much per job; {@code log} says so.
     */
    static Path flinkJobJar(PrintStream log) {
        Path cliJar = path();
        Path jobJar = cliJar.resolveSibling(FLINK_JOB_JAR);
        if (Files.isRegularFile(jobJar)) return jobJar;
        log.println(
                "mixlab: no "
                        + FLINK_JOB_JAR
                        + " beside "
                        + cliJar
                        + "; staging the whole CLI jar instead (rebuild with"
                        + " 'mvn -DskipTests -pl cli -am package' to get the smaller job jar)");
        return cliJar;
    }

    static Path path() {
        try {
            Path location =
                    Path.of(
                            MixlabJar.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new CommandFailure(
                        "this needs the shaded mixlab jar, but mixlab runs from "
                                + location
                                + "; use bin/mixlab (it builds cli/target/mixlab-cli-all.jar)");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the mixlab jar", e);
        }
    }
}
