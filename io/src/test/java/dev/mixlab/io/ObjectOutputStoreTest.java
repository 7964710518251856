package dev.mixlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish-without-rename store on a file system other than the local one (the JDK's zip file
 * system here; s3:// in production, tested against a real S3 API in the cli module's
 * ObjectStorageTest).
 */
class ObjectOutputStoreTest {
    @TempDir Path dir;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
        }
    }

    @Test
    void publishesTheListedFilesWithTheMarkerLastAndCleansUpWhatACrashLeft() throws Exception {
        try (FileSystem zip =
                FileSystems.newFileSystem(dir.resolve("store.zip"), Map.of("create", "true"))) {
            Path root = zip.getPath("/work");
            OutputStore store = OutputStore.of(root, "the work directory");
            assertThat(store).isInstanceOf(ObjectOutputStore.class);
            Path pools = root.resolve("pools");
            Path pool = pools.resolve("text-1");

            try (OutputLock lock = store.lock(pool, "test")) {
                OutputStore.Staging staging = store.stage(pool, "", false);
                Files.writeString(staging.dir().resolve("part-0.parquet"), "rows");
                Files.writeString(staging.dir().resolve(".part-1.parquet.x.tmp"), "half");
                assertThat(store.isPublished(pool, "stats.json")).isFalse();
                staging.publish(
                        "stats.json",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        List.of("part-0.parquet"));
            }
            assertThat(store.isPublished(pool, "stats.json")).isTrue();
            assertThat(names(pool)).containsExactly("part-0.parquet", "stats.json");
            assertThat(names(pools)).containsExactly("text-1"); // no staging, no lock object

            // A replacement killed after staging: the old version stays published and whole.
            try (OutputLock lock = store.lock(pool, "test")) {
                OutputStore.Staging staging = store.stage(pool, "", false);
                Files.writeString(staging.dir().resolve("part-0.parquet"), "new rows");
            }
            assertThat(Files.readString(pool.resolve("part-0.parquet"))).isEqualTo("rows");
            assertThat(names(pools)).contains(".text-1.partial");
            store.removeAbandoned(pools);
            assertThat(names(pools)).containsExactly("text-1");
        }
    }

    @Test
    void aLockObjectOfALiveHolderElsewhereRefusesTheWriterNamingIt() throws Exception {
        try (FileSystem zip =
                FileSystems.newFileSystem(dir.resolve("store.zip"), Map.of("create", "true"))) {
            OutputStore store = OutputStore.of(zip.getPath("/work"), "the work directory");
            Path mixture = zip.getPath("/work/mixtures/half");
            Path lockObject = zip.getPath("/work/mixtures/.half.lock");
            Files.createDirectories(lockObject.getParent());
            Files.writeString(
                    lockObject,
                    "pid=4242\nhost=gpu-03\ncommand=mixlab mix\nsince=2026-01-01T00:00:00Z\n");
            assertThatThrownBy(() -> store.lock(mixture, "mixlab build"))
                    .isInstanceOf(OutputBusyException.class)
                    .hasMessageContaining("PID 4242 on host gpu-03");

            // One left by a process of this host that is gone is taken over, and deleted on
            // release.
            Files.writeString(
                    lockObject,
                    "pid="
                            + Long.MAX_VALUE / 2
                            + "\nhost="
                            + java.net.InetAddress.getLocalHost().getHostName()
                            + "\ncommand=mixlab mix\nsince=2026-01-01T00:00:00Z\n");
            try (OutputLock lock = store.lock(mixture, "mixlab build")) {
                assertThat(Files.readString(lockObject)).contains("command=mixlab build");
            }
            assertThat(Files.exists(lockObject)).isFalse();
        }
    }
}
