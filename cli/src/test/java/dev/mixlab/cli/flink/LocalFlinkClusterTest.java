package dev.mixlab.cli.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.InvalidRequestException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings and generated config of the local cluster; starting one for real is FlinkClusterIT's
 * job.
 */
class LocalFlinkClusterTest {
    private static LocalFlinkCluster.Settings settings(int taskManagers, int coresPerTaskManager) {
        return new LocalFlinkCluster.Settings(
                Path.of("/tmp/c"),
                taskManagers,
                1,
                "127.0.0.1",
                8081,
                6123,
                "1g",
                "3g",
                Duration.ofSeconds(90),
                coresPerTaskManager);
    }

    @Test
    void pinsEachTaskManagerToItsOwnCores() {
        assertThat(LocalFlinkCluster.pinning(settings(2, 0), 1)).isEmpty();
        assertThat(LocalFlinkCluster.pinning(settings(2, 1), 0)).endsWith("-c", "0");
        assertThat(LocalFlinkCluster.pinning(settings(2, 1), 1)).endsWith("-c", "1");
        assertThat(LocalFlinkCluster.pinning(settings(2, 1), 1).get(0)).endsWith("taskset");
        if (Runtime.getRuntime().availableProcessors() >= 4) {
            assertThat(LocalFlinkCluster.pinning(settings(2, 2), 1)).endsWith("-c", "2-3");
        }
    }

    @Test
    void stopAndStatusOfADirectoryWithNoClusterSayWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                LocalFlinkCluster.stop(
                                        dir, new PrintStream(PrintStream.nullOutputStream())))
                .isInstanceOf(LocalFlinkCluster.ClusterException.class)
                .hasMessage("no cluster state in " + dir + " (nothing to stop)");
        assertThatThrownBy(() -> LocalFlinkCluster.status(dir))
                .isInstanceOf(LocalFlinkCluster.ClusterException.class)
                .hasMessage(
                        "no cluster is recorded in "
                                + dir
                                + "; start one with 'mixlab flink start'");
    }

    @Test
    void refusesMorePinnedCoresThanTheMachineHas() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThatThrownBy(() -> settings(cores + 1, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs " + (cores + 1) + " cores, this machine has " + cores);
        assertThatThrownBy(() -> settings(1, -1))
                .hasMessageContaining("--cores-per-taskmanager must be 0");
    }

    @Test
    void configBindsEverythingToTheGivenHostAndStatesTheCores() {
        String config = LocalFlinkCluster.config(settings(1, 1), Path.of("/tmp/c"));
        assertThat(config)
                .contains("taskmanager.cpu.cores: 1")
                .contains("rest.bind-address: 127.0.0.1")
                .contains("taskmanager.bind-host: 127.0.0.1")
                .contains("jobmanager.bind-host: 127.0.0.1")
                .contains("jobmanager.rpc.port: 6123")
                .contains("classloader.resolve-order: parent-first");
    }
}
