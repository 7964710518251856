package dev.mixlab.pipelines.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beam's Flink runner with a cluster embedded in this JVM, configured by {@link
 * EmbeddedFlinkConfig} for the pipeline it runs: the shuffles are counted before the job starts and
 * the configuration is written to a private directory that Flink reads when it builds the cluster.
 */
public final class EmbeddedFlinkRunner extends PipelineRunner<PipelineResult> {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlinkRunner.class);

    private final FlinkPipelineOptions options;

    private EmbeddedFlinkRunner(FlinkPipelineOptions options) {
        this.options = options;
    }

    /** Beam builds runners by this name from the options. */
    public static EmbeddedFlinkRunner fromOptions(PipelineOptions options) {
        return new EmbeddedFlinkRunner(options.as(FlinkPipelineOptions.class));
    }

    @Override
    public PipelineResult run(Pipeline pipeline) {
        EmbeddedFlinkConfig config =
                new EmbeddedFlinkConfig(
                        options.getParallelism(),
                        shuffles(pipeline),
                        Runtime.getRuntime().maxMemory());
        LOG.info(
                "embedded Flink for {}: {} shuffles at parallelism {}, {} MiB of network memory",
                options.getJobName(),
                config.shuffles(),
                config.parallelism(),
                config.networkBytes() >> 20);
        Path confDir;
        try {
            confDir = Files.createTempDirectory("mixlab-flink-conf-");
            Files.writeString(
                    confDir.resolve("config.yaml"), config.yaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
        }
        options.setFlinkMaster("[local]");
        options.setFlinkConfDir(confDir.toString());
        options.setRunner(FlinkRunner.class);
        try {
            // The local environment reads the configuration and runs the job to its end here.
            return FlinkRunner.fromOptions(options).run(pipeline);
        } finally {
            try {
                Files.deleteIfExists(confDir.resolve("config.yaml"));
                Files.deleteIfExists(confDir);
            } catch (IOException ignored) {
                // a temporary directory of a few bytes; the OS cleans the rest
            }
        }
    }

    /** The data exchanges between workers: every GroupByKey and every side input. */
    static int shuffles(Pipeline pipeline) {
        int[] count = {0};
        pipeline.traverseTopologically(
                new Pipeline.PipelineVisitor.Defaults() {
                    @Override
                    public void visitPrimitiveTransform(TransformHierarchy.Node node) {
                        if (node.getTransform() instanceof GroupByKey
                                || node.getTransform() instanceof View.CreatePCollectionView)
                            count[0]++;
                    }
                });
        return count[0];
    }
}
