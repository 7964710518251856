package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a busy TaskManager in the middle of a curation on a 3-TaskManager cluster (parallelism 2).
 * Flink's restart strategy reschedules on the two that are left, or the job fails with a clear
 * error and a rerun completes; either way the pool equals the undisturbed embedded one, and no
 * partial pool ever carries its final name.
 */
class FlinkFaultIT {
    @TempDir Path dir;

    @Test
    void killingATaskManagerMidJobLeavesTheSameOutputs() throws Exception {
        assertThat(BinMixlab.run(dir, "sample").code()).isZero();
        Path embedded = dir.resolve("work-embedded");
        assertThat(
                        BinMixlab.run(
                                        dir,
                                        "curate",
                                        "configs/quickstart.yaml",
                                        "--source",
                                        "code",
                                        "--workdir",
                                        embedded.toString())
                                .code())
                .isZero();

        int restPort = FlinkClusterIT.freePort();
        String rest = "127.0.0.1:" + restPort;
        Path cluster = dir.resolve("cluster");
        BinMixlab.Result start =
                BinMixlab.run(dir, FlinkClusterIT.flinkStart(cluster, restPort, 3, "1500m"));
        assertThat(start.code()).as(start.err()).isZero();
        Path work = dir.resolve("work-cluster");
        try {
            List<Long> pids = ClusterProcesses.recordedPids(cluster);
            BinMixlab.Running job =
                    BinMixlab.start(dir, curateCodeOn(rest, work, "--parallelism", "2"));
            long victim = busyTaskManager(rest, pids.subList(1, pids.size()));
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            assertNoPartialPoolUnderItsFinalName(work, job.process());
            BinMixlab.Result first = job.await();
            if (first.code() != 0) {
                assertThat(first.code()).isEqualTo(1);
                assertThat(first.err()).contains("mixlab curate:");
                assertThat(BinMixlab.run(dir, "flink", "stop", "--dir", cluster.toString()).code())
                        .isZero();
                assertThat(
                                BinMixlab.run(
                                                dir,
                                                FlinkClusterIT.flinkStart(
                                                        cluster, restPort, 2, "1500m"))
                                        .code())
                        .isZero();
                BinMixlab.Result rerun = BinMixlab.run(dir, curateCodeOn(rest, work));
                assertThat(rerun.code()).as(rerun.err()).isZero();
            }
        } finally {
            BinMixlab.run(dir, "flink", "stop", "--dir", cluster.toString());
        }
        assertThat(FlinkClusterIT.outputFiles(work.resolve("pools")))
                .isEqualTo(FlinkClusterIT.outputFiles(embedded.resolve("pools")));
    }

    /**
     * {@code curate configs/quickstart.yaml --source code --runner flink --flink-master REST
     * [MORE...] --workdir WORK}: the quickstart's code source curated on the cluster at {@code
     * rest}.
     */
    private static String[] curateCodeOn(String rest, Path work, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "curate",
                                "configs/quickstart.yaml",
                                "--source",
                                "code",
                                "--runner",
                                "flink",
                                "--flink-master",
                                rest));
        args.addAll(List.of(more));
        args.addAll(List.of("--workdir", work.toString()));
        return args.toArray(String[]::new);
    }

    /** Waits until the job runs, then returns the PID of a TaskManager whose slot is taken. */
    private static long busyTaskManager(String rest, List<Long> taskManagers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            String jobs = get(http, rest, "/jobs/overview");
            if (jobs.contains("\"RUNNING\"")) {
                String managers = get(http, rest, "/taskmanagers");
                for (long pid : taskManagers) {
                    for (String address : ClusterProcesses.listeningAddresses(List.of(pid))) {
                        String port = address.substring(address.lastIndexOf(':') + 1);
                        // A TaskManager entry names its data port; a busy one has no free slot.
                        if (managers.matches(
                                "(?s).*\"dataPort\":" + port + ",[^}]*\"freeSlots\":0.*"))
                            return pid;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the curation job never ran on the cluster at " + rest);
    }

    private static void assertNoPartialPoolUnderItsFinalName(Path work, Process job)
            throws Exception {
        while (job.isAlive()) {
            Path pools = work.resolve("pools");
            if (Files.isDirectory(pools)) {
                try (Stream<Path> dirs = Files.list(pools)) {
                    for (Path pool :
                            dirs.filter(p -> !p.getFileName().toString().startsWith("."))
                                    .toList()) {
                        assertThat(pool.resolve("stats.json"))
                                .as("a pool under its final name is complete")
                                .exists();
                    }
                }
            }
            Thread.sleep(100);
        }
    }

    private static String get(HttpClient http, String rest, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://" + rest + path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
