package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.io.Sha256;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink session cluster (1 JobManager, 2 TaskManagers × 1 slot, each pinned to one core)
 * started by {@code bin/mixlab flink start}: the quickstart ablation built on it ({@code mixlab
 * build}: pools and mixture shards) is byte-identical to the embedded runner's build, every socket
 * of the cluster is on 127.0.0.1, and {@code stop} leaves no process and no port behind.
 */
class FlinkClusterIT {
    @TempDir Path dir;

    private static BinMixlab.Result mixlab(Path logDir, String... args)
            throws IOException, InterruptedException {
        return BinMixlab.run(logDir, args);
    }

    @Test
    void quickstartBuildOnAClusterEqualsTheEmbeddedOne() throws Exception {
        assertThat(mixlab(dir, "sample").code()).isZero();
        int restPort = freePort();
        Path cluster = dir.resolve("cluster");
        BinMixlab.Result start =
                mixlab(
                        dir,
                        "flink",
                        "start",
                        "--taskmanagers",
                        "2",
                        "--slots",
                        "1",
                        "--dir",
                        cluster.toString(),
                        "--rest-port",
                        String.valueOf(restPort),
                        "--taskmanager-memory",
                        "3g",
                        "--cores-per-taskmanager",
                        "1");
        assertThat(start.code()).as(start.err()).isZero();
        List<Long> pids = new ArrayList<>();
        try {
            assertThat(start.out().strip()).isEqualTo("127.0.0.1:" + restPort);
            pids.addAll(ClusterProcesses.recordedPids(cluster));
            assertThat(pids).hasSize(3);
            assertThat(allowedCpus(pids.get(1))).isEqualTo("0");
            assertThat(allowedCpus(pids.get(2))).isEqualTo("1");
            assertThat(ClusterProcesses.listeningAddresses(pids))
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));

            BinMixlab.Result again =
                    mixlab(
                            dir,
                            "flink",
                            "start",
                            "--dir",
                            cluster.toString(),
                            "--rest-port",
                            String.valueOf(restPort));
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("already running");

            BinMixlab.Result onCluster =
                    mixlab(
                            dir,
                            "build",
                            "configs/quickstart.yaml",
                            "--runner",
                            "flink",
                            "--flink-master",
                            "127.0.0.1:" + restPort,
                            "--workdir",
                            dir.resolve("work-cluster").toString());
            assertThat(onCluster.code()).as(onCluster.err()).isZero();
            BinMixlab.Result status = mixlab(dir, "flink", "status", "--dir", cluster.toString());
            assertThat(status.out()).contains("TaskManagers 2, slots 2").contains("FINISHED");
        } finally {
            BinMixlab.Result stop = mixlab(dir, "flink", "stop", "--dir", cluster.toString());
            assertThat(stop.code()).as(stop.err()).isZero();
        }
        for (long pid : pids)
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid " + pid)
                    .isFalse();
        try (ServerSocket reuse = new ServerSocket(restPort)) {
            assertThat(reuse.getLocalPort()).isEqualTo(restPort);
        }
        assertThat(mixlab(dir, "flink", "stop", "--dir", cluster.toString()).err())
                .contains("nothing to stop");

        BinMixlab.Result embedded =
                mixlab(
                        dir,
                        "build",
                        "configs/quickstart.yaml",
                        "--workdir",
                        dir.resolve("work-embedded").toString());
        assertThat(embedded.code()).as(embedded.err()).isZero();
        assertThat(outputFiles(dir.resolve("work-cluster/pools")))
                .isEqualTo(outputFiles(dir.resolve("work-embedded/pools")));
        Map<String, String> mixtures = outputFiles(dir.resolve("work-cluster/mixtures"));
        assertThat(mixtures.keySet())
                .anyMatch(f -> f.endsWith(".parquet"))
                .anyMatch(f -> f.endsWith("manifest.json"));
        assertThat(mixtures).isEqualTo(outputFiles(dir.resolve("work-embedded/mixtures")));
    }

    /**
     * Every output file under {@code root} but run.json (runner and timing), by path, with its
     * sha256.
     */
    static Map<String, String> outputFiles(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f :
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().equals("run.json"))
                            .toList()) {
                files.put(root.relativize(f).toString(), Sha256.hexOf(f));
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }

    /** The cores a process may run on, as the kernel lists them ("0", "0-3"). */
    private static String allowedCpus(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring("Cpus_allowed_list:".length()).strip())
                .findFirst()
                .orElseThrow();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
