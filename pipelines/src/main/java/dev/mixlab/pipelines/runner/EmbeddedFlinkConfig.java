package dev.mixlab.pipelines.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration of the cluster mixlab embeds in its own JVM for one job: private to this
 * machine, and sized to finish on a busy one.
 *
 * <p><b>Loopback only.</b> Flink's MiniCluster otherwise opens its REST endpoint and BLOB server on
 * every interface, where anyone on the network could list and cancel the job. Every bind address
 * here is 127.0.0.1 (the BLOB server binds to the JobManager's bind host).
 *
 * <p><b>Network memory for the job's shuffles.</b> A local Flink gets 64 MiB of network memory by
 * default, 2,048 buffers of 32 KiB. A shuffle (a GroupByKey, a side input) between {@code p}
 * workers needs about {@code 2p²+8p} buffers on each side: two exclusive buffers per channel and
 * eight floating ones per gate. Our jobs run all their stages at once, so the demand is the sum
 * over every shuffle of the job, doubled so that stages that overlap under load do not wait on each
 * other; at least 128 MiB, at most a quarter of the heap (network buffers are direct memory, which
 * the JVM bounds by the heap size) and 1 GiB.
 *
 * <p><b>Patience under load.</b> On a machine whose load is far above its cores (the failure this
 * fixes was seen at load 13 on 2 cores), a task can wait long for buffers or for its producer to
 * register its output. Flink's 30 s buffer request timeout and 10 s partition request backoff turn
 * that wait into a failed job; here they are minutes, the RPC and heartbeat timeouts are raised
 * alike, and a failed attempt is retried three times (every output of our jobs is written under a
 * temporary name and its counts travel as data, so a retried attempt writes the same result).
 */
public record EmbeddedFlinkConfig(int parallelism, int shuffles, long maxHeapBytes) {
    static final long BUFFER_BYTES = 32 << 10;
    static final long MIN_NETWORK_BYTES = 128L << 20;
    static final long MAX_NETWORK_BYTES = 1L << 30;

    /** Network buffers one shuffle between {@code parallelism} workers needs, both sides. */
    static long buffersPerShuffle(int parallelism) {
        long p = parallelism;
        return 2 * (2 * p * p + 8 * p);
    }

    /** Bytes of network memory for the job. */
    public long networkBytes() {
        long wanted = 2 * shuffles * buffersPerShuffle(parallelism) * BUFFER_BYTES;
        long cap = Math.max(MIN_NETWORK_BYTES, Math.min(MAX_NETWORK_BYTES, maxHeapBytes / 4));
        return Math.min(cap, Math.max(MIN_NETWORK_BYTES, wanted));
    }

    /** The settings, in Flink's configuration keys. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        String loopback = "127.0.0.1";
        s.put("jobmanager.bind-host", loopback);
        s.put("jobmanager.rpc.address", loopback);
        s.put("taskmanager.bind-host", loopback);
        s.put("taskmanager.host", loopback);
        s.put("rest.bind-address", loopback);
        s.put("rest.address", loopback);
        String network = networkBytes() + "b";
        s.put("taskmanager.memory.network.min", network);
        s.put("taskmanager.memory.network.max", network);
        s.put("taskmanager.network.memory.exclusive-buffers-request-timeout-ms", "600000");
        s.put("taskmanager.network.request-backoff.max", "60000");
        s.put("taskmanager.network.partition-request-timeout", "120 s");
        s.put("pekko.ask.timeout", "120 s");
        s.put("heartbeat.timeout", "300000");
        s.put("restart-strategy.type", "fixed-delay");
        s.put("restart-strategy.fixed-delay.attempts", "3");
        s.put("restart-strategy.fixed-delay.delay", "2 s");
        return s;
    }

    /** The settings as Flink's {@code config.yaml}. */
    public String yaml() {
        StringBuilder out = new StringBuilder("# Written by mixlab for one embedded Flink job.\n");
        settings().forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }
}
