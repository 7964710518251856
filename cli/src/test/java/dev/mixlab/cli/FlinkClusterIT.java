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
 *
 * <p>The S3 variant runs on the same cluster: inputs and work directory in a bucket of a real S3
 * API (s3proxy), TaskManagers that share no directory with the client (each its own temporary
 * directory; the client's directory is hidden from them by a mount namespace), and pools and shards
 * byte-identical to the local build.
 */
class FlinkClusterIT {
    private static final String BUCKET = "quickstart";

    @TempDir Path dir;

    /**
     * {@code flink start --taskmanagers N --slots 1 --dir CLUSTER --rest-port PORT
     * --taskmanager-memory MEMORY [MORE...]}: a cluster of one-slot TaskManagers.
     */
    static String[] flinkStart(
            Path cluster, int restPort, int taskManagers, String memory, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "flink",
                                "start",
                                "--taskmanagers",
                                String.valueOf(taskManagers),
                                "--slots",
                                "1",
                                "--dir",
                                cluster.toString(),
                                "--rest-port",
                                String.valueOf(restPort),
                                "--taskmanager-memory",
                                memory));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static BinMixlab.Result mixlab(Path logDir, String... args)
            throws IOException, InterruptedException {
        return BinMixlab.run(logDir, args);
    }

    @Test
    void quickstartBuildOnAClusterEqualsTheEmbeddedOne() throws Exception {
        assertThat(mixlab(dir, "sample").code()).isZero();
        int restPort = freePort();
        Path cluster = dir.resolve("cluster");
        // The S3 variant's client: its spec, temporary files and logs, in a directory that the
        // cluster's processes see as an empty file system of their own (a mount namespace), as
        // TaskManagers on other machines would; inputs and work directory are in a bucket.
        Path client = Files.createDirectories(dir.resolve("s3-client"));
        S3ProxyServer s3 = S3ProxyServer.start(dir, null, null, BUCKET);
        Map<String, String> credentials =
                Map.of(
                        "AWS_ACCESS_KEY_ID", "mixlab-test",
                        "AWS_SECRET_ACCESS_KEY", "mixlab-test",
                        "AWS_REGION", "us-east-1");
        for (String kind : List.of("text", "code", "markup")) {
            Path in = BinMixlab.ROOT.resolve("data/sample").resolve(kind);
            Path objects =
                    Files.createDirectories(s3.baseDir().resolve(BUCKET + "/sample/" + kind));
            try (Stream<Path> files = Files.list(in)) {
                for (Path file : files.toList())
                    Files.copy(file, objects.resolve(file.getFileName()));
            }
        }
        Files.writeString(
                client.resolve("quickstart-s3.yaml"),
                ObjectStorageTest.storage(s3.endpoint())
                        + Files.readString(BinMixlab.ROOT.resolve("configs/quickstart.yaml"))
                                .replace("../data/sample/", "s3://" + BUCKET + "/sample/"));
        BinMixlab.Result start =
                BinMixlab.run(
                        dir,
                        credentials,
                        List.of(
                                "unshare",
                                "--mount",
                                "sh",
                                "-c",
                                "mount -t tmpfs client-hidden \"$0\" && exec \"$@\"",
                                client.toString()),
                        flinkStart(cluster, restPort, 2, "3g", "--cores-per-taskmanager", "1"));
        assertThat(start.code()).as(start.err()).isZero();
        List<Long> pids = new ArrayList<>();
        try {
            assertThat(start.out().strip()).isEqualTo("127.0.0.1:" + restPort);
            pids.addAll(ClusterProcesses.recordedPids(cluster));
            assertThat(pids).hasSize(3);
            assertThat(allowedCpus(pids.get(1))).isEqualTo("0");
            assertThat(allowedCpus(pids.get(2))).isEqualTo("1");
            for (int i = 1; i <= 2; i++) {
                // Each TaskManager has a temporary directory of its own, and none of the client's.
                assertThat(commandLine(pids.get(i)))
                        .contains(
                                "-Djava.io.tmpdir=" + cluster.resolve("tmp/taskmanager-" + (i - 1)))
                        .contains("io.tmp.dirs=" + cluster.resolve("tmp/taskmanager-" + (i - 1)));
                try (Stream<Path> seen =
                        Files.list(Path.of("/proc/" + pids.get(i) + "/root" + client))) {
                    assertThat(seen).as("the client's directory seen by a TaskManager").isEmpty();
                }
            }
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

            Map<String, String> clientEnv = new java.util.HashMap<>(credentials);
            clientEnv.put(
                    "MIXLAB_JAVA_OPTS",
                    "-Xmx2g -Djava.io.tmpdir=" + Files.createDirectories(client.resolve("tmp")));
            BinMixlab.Result inBucket =
                    BinMixlab.run(
                            dir,
                            clientEnv,
                            List.of(),
                            "build",
                            client.resolve("quickstart-s3.yaml").toString(),
                            "--runner",
                            "flink",
                            "--flink-master",
                            "127.0.0.1:" + restPort,
                            "--workdir",
                            "s3://" + BUCKET + "/work");
            assertThat(inBucket.code()).as(inBucket.err()).isZero();
            assertThat(inBucket.out()).contains("s3://" + BUCKET + "/work/mixtures/code-50");
            // Pools and shards byte-identical to the cluster's local build (pool fingerprints,
            // which hash the inputs' location, normalised).
            Map<String, String> fromBucket =
                    ObjectStorageTest.outputs(s3.baseDir().resolve(BUCKET + "/work"));
            assertThat(fromBucket.keySet()).anyMatch(f -> f.endsWith(".parquet"));
            assertThat(fromBucket)
                    .isEqualTo(ObjectStorageTest.outputs(dir.resolve("work-cluster")));
            BinMixlab.Result status = mixlab(dir, "flink", "status", "--dir", cluster.toString());
            assertThat(status.out()).contains("TaskManagers 2, slots 2").contains("FINISHED");
        } finally {
            BinMixlab.Result stop = mixlab(dir, "flink", "stop", "--dir", cluster.toString());
            s3.close();
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

    private static String commandLine(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")))
                .replace('\0', ' ');
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
