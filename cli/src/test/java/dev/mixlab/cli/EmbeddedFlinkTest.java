package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.pipelines.runner.EmbeddedFlinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink cluster curate, mix and build embed in their own JVM (issue 12, points 2 and 9). */
class EmbeddedFlinkTest {
    @TempDir Path dir;

    /**
     * Point 2: its REST endpoint and BLOB server listened on every interface. The sockets this JVM
     * listens on while a real curation runs on the embedded cluster are read from /proc, as {@code
     * FlinkClusterIT} does for the session cluster.
     */
    @Test
    void everySocketTheEmbeddedClusterListensOnIsLoopback() throws Exception {
        StringBuilder prose = new StringBuilder();
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                prose.append(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                        .writeValueAsString(
                                                java.util.Map.of(
                                                        "id",
                                                        doc.getFileName().toString(),
                                                        "text",
                                                        Files.readString(doc)))
                                + "\n");
            }
        }
        Files.writeString(dir.resolve("prose.jsonl"), prose);
        Path spec = dir.resolve("embedded.yaml");
        Files.writeString(
                spec,
                "tokenizer: bytes\nsources:\n  - {name: prose, kind: text, inputs: prose.jsonl}\n");
        List<Long> self = List.of(ProcessHandle.current().pid());
        Set<String> before = new TreeSet<>(ClusterProcesses.listeningAddresses(self));
        CompletableFuture<CliRun> curate =
                CompletableFuture.supplyAsync(
                        () ->
                                CliRun.of(
                                        "curate",
                                        spec.toString(),
                                        "--workdir",
                                        dir.resolve("work").toString()));
        Set<String> seen = new TreeSet<>();
        while (!curate.isDone()) {
            seen.addAll(ClusterProcesses.listeningAddresses(self));
            TimeUnit.MILLISECONDS.sleep(20);
        }
        CliRun run = curate.get();
        assertThat(run.exitCode()).as(run.err()).isZero();
        seen.removeAll(before);
        assertThat(seen)
                .as("sockets the embedded cluster listened on")
                .isNotEmpty()
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
    }

    /** Point 9: network memory for the job's shuffles, bounded by the heap. */
    @Test
    void networkMemoryFollowsTheShufflesAndTheHeap() {
        long mib = 1 << 20;
        // A small job on 2 workers: Flink's local default (64 MiB) doubled at least.
        assertThat(new EmbeddedFlinkConfig(2, 10, 2048 * mib).networkBytes()).isEqualTo(128 * mib);
        // Curation on 8 workers: 60 shuffles × 2·(2·64+64) buffers × 2 × 32 KiB = 1,440 MiB,
        // capped at a quarter of a 4 GiB heap.
        assertThat(new EmbeddedFlinkConfig(8, 60, 4096 * mib).networkBytes()).isEqualTo(1024 * mib);
        assertThat(new EmbeddedFlinkConfig(8, 60, 2048 * mib).networkBytes()).isEqualTo(512 * mib);
        assertThat(new EmbeddedFlinkConfig(4, 40, 4096 * mib).networkBytes())
                .isEqualTo(2L * 40 * (2 * (2 * 16 + 32)) * 32 * 1024);
        assertThat(new EmbeddedFlinkConfig(2, 10, 2048 * mib).settings())
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("restart-strategy.type", "fixed-delay");
    }
}
