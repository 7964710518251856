package dev.mixlab.pipelines.runner;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.pipelines.storage.ObjectStoreSettings;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Where a pipeline runs: {@code flink} (embedded in this JVM when {@code flinkMaster} is null, else
 * a session cluster at HOST:PORT) or {@code direct} (Beam's Direct runner, for tests: it checks
 * coders and immutability on every element).
 *
 * @param runner {@code flink} or {@code direct}
 * @param flinkMaster HOST:PORT of a Flink REST endpoint, or null for the embedded cluster
 * @param parallelism workers; null = available cores (embedded) — a remote master defaults to 1, so
 *     pass it
 * @param jarToStage the shaded jar shipped to a remote cluster instead of the whole classpath; null
 *     locally
 */
public record RunnerChoice(
        String runner, String flinkMaster, Integer parallelism, Path jarToStage) {
    public static final List<String> RUNNERS = List.of("flink", "direct");

    public RunnerChoice {
        if (!RUNNERS.contains(runner)) {
            throw new InvalidRequestException(
                    "unknown runner '" + runner + "'; use flink (default) or direct");
        }
        if (parallelism != null && parallelism < 1)
            throw new InvalidRequestException("parallelism must be at least 1");
        if (flinkMaster != null && !runner.equals("flink")) {
            throw new InvalidRequestException("--flink-master goes with --runner flink");
        }
    }

    public static RunnerChoice embeddedFlink() {
        return new RunnerChoice("flink", null, null, null);
    }

    public static RunnerChoice direct() {
        return new RunnerChoice("direct", null, null, null);
    }

    /** Whether the workers run in this JVM (Direct runner or embedded Flink). */
    public boolean isLocal() {
        return flinkMaster == null;
    }

    public int effectiveParallelism() {
        return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    }

    public PipelineOptions options(String jobName) {
        if (runner.equals("direct")) {
            DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
            options.setRunner(DirectRunner.class);
            options.setTargetParallelism(effectiveParallelism());
            options.setBlockOnRun(true);
            // Our coders are deterministic by construction; re-encoding every element to check it
            // made
            // the Direct runner 10x slower than embedded Flink on the sample corpora.
            options.setEnforceEncodability(false);
            options.setEnforceImmutability(false);
            options.setJobName(jobName);
            ObjectStoreSettings.current().applyTo(options);
            return options;
        }
        FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        // Embedded: loopback only and sized for the job (EmbeddedFlinkConfig).
        options.setRunner(flinkMaster == null ? EmbeddedFlinkRunner.class : FlinkRunner.class);
        options.setFlinkMaster(flinkMaster == null ? "[local]" : flinkMaster);
        options.setParallelism(effectiveParallelism());
        options.setJobName(jobName);
        options.setStreaming(false);
        // Beam's model already forbids a DoFn to mutate its input or its output after emitting it,
        // so
        // Flink's defensive copy between chained operators (a coder round trip of every document at
        // every stage) buys nothing.
        options.setObjectReuse(true);
        if (jarToStage != null) options.setFilesToStage(List.of(jarToStage.toString()));
        ObjectStoreSettings.current().applyTo(options);
        return options;
    }

    public String describe() {
        return runner.equals("direct")
                ? "Beam Direct runner, parallelism " + effectiveParallelism()
                : (flinkMaster == null ? "embedded Flink" : "Flink cluster " + flinkMaster)
                        + ", parallelism "
                        + effectiveParallelism();
    }
}
