package dev.mixlab.pipelines.mix;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * CPU time of each stage of a mixing job, measured on the workers' threads and summed over them
 * through Beam counters (so it works on any runner, a Flink cluster included). What no stage covers
 * — starting the job, garbage collection, the JIT — is the difference between the process's CPU
 * time and their sum, which {@code mixlab bench mix} reports.
 *
 * @param cpuNanos CPU nanoseconds per stage, in {@link #STAGES} order
 */
public record MixStages(Map<String, Long> cpuNanos) {
    /**
     * Reading the pools, packing rows and merging them in the schedule's order (the gather scans
     * included).
     */
    public static final String PACK = "pack";

    /** Writing a shard: Parquet encoding, compression, SHA-256, the file. */
    public static final String WRITE = "write";

    public static final List<String> STAGES = List.of(PACK, WRITE);

    public static final MixStages NONE = new MixStages(Map.of());

    private static final String NAMESPACE = "mixlab.mix.cpu_nanos";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public MixStages {
        cpuNanos = Map.copyOf(cpuNanos);
    }

    public long cpuNanos(String stage) {
        return cpuNanos.getOrDefault(stage, 0L);
    }

    /** The stages' counters of a finished job (0 for a stage that never ran). */
    static MixStages of(PipelineResult result) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        STAGES.forEach(stage -> nanos.put(stage, 0L));
        MetricQueryResults metrics =
                result.metrics()
                        .queryMetrics(
                                MetricsFilter.builder()
                                        .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                                        .build());
        for (MetricResult<Long> counter : metrics.getCounters()) {
            Long value = committedOrAttempted(counter);
            if (value != null) nanos.merge(counter.getName().getName(), value, Long::sum);
        }
        return new MixStages(nanos);
    }

    private static Long committedOrAttempted(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }

    /** A stopwatch of the current thread's CPU time that charges each lap to a stage. */
    static Clock clock() {
        return new Clock();
    }

    static final class Clock {
        private static final Map<String, Counter> COUNTERS = new LinkedHashMap<>();

        static {
            STAGES.forEach(stage -> COUNTERS.put(stage, Metrics.counter(NAMESPACE, stage)));
        }

        private long last = THREADS.getCurrentThreadCpuTime();
        private boolean started;

        /** Whether a lap was charged yet. */
        boolean started() {
            return started;
        }

        /** Charges the CPU time since the previous lap (or the start) to {@code stage}. */
        void lap(String stage) {
            long now = THREADS.getCurrentThreadCpuTime();
            COUNTERS.get(stage).inc(now - last);
            last = now;
            started = true;
        }
    }
}
