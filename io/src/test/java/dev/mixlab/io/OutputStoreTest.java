package dev.mixlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStoreTest {
    @TempDir Path dir;

    private OutputStore store() {
        return OutputStore.local(dir.resolve("work"), "the work directory");
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pathsLeadingOutOfTheRootAreRefusedBeforeAnythingIsTouched() throws IOException {
        OutputStore store = store();
        Path victim = Files.createDirectories(dir.resolve("victim-s0"));
        Files.writeString(victim.resolve("keep.txt"), "precious");
        Path escaping = store.root().resolve("runs").resolve("tiny-s0/../../../victim-s0");

        assertThatThrownBy(() -> store.delete(escaping))
                .isInstanceOf(OutsideRootException.class)
                .hasMessageContaining("refusing to delete " + victim)
                .hasMessageContaining("outside the work directory " + store.root());
        assertThatThrownBy(() -> store.lock(escaping, "mixlab train"))
                .isInstanceOf(OutsideRootException.class);
        assertThatThrownBy(() -> store.stage(escaping, "", false))
                .isInstanceOf(OutsideRootException.class);
        assertThatThrownBy(() -> store.writeFile(escaping.resolve("run.json"), f -> {}))
                .isInstanceOf(OutsideRootException.class);
        assertThatThrownBy(() -> store.delete(store.root().resolve("runs/..")))
                .as("the root itself")
                .isInstanceOf(OutsideRootException.class);
        assertThat(victim.resolve("keep.txt")).hasContent("precious");
        assertThat(dir.resolve("victim-s0.lock")).doesNotExist();
    }

    @Test
    void deletingATreeRemovesLinksWithoutFollowingThem() throws IOException {
        OutputStore store = store();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "precious");
        Path run = Files.createDirectories(store.root().resolve("runs/r1"));
        Files.createSymbolicLink(run.resolve("link"), outside);
        Files.createSymbolicLink(store.root().resolve("runs/r2"), outside);

        store.delete(run);
        store.delete(store.root().resolve("runs/r2"));

        assertThat(run).doesNotExist();
        assertThat(store.root().resolve("runs/r2")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("precious");
    }

    @Test
    void publishingWritesTheMarkerLastAndKeepsExactlyTheListedFiles() throws IOException {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            OutputStore.Staging staging = store.stage(output, "abc", true);
            Files.writeString(staging.dir().resolve("part-00000.parquet"), "shard");
            Files.createDirectories(staging.dir().resolve("validation"));
            Files.writeString(staging.dir().resolve("validation/part-00000.parquet"), "v");
            // What a writer killed mid-file leaves, and worker bookkeeping.
            Files.writeString(staging.dir().resolve(".part-00001.parquet.1234.tmp"), "half");
            Files.createDirectories(staging.dir().resolve(".reports/train"));
            Files.writeString(staging.dir().resolve(".reports/train/shard-00000.json"), "{}");
            assertThat(store.isPublished(output, "manifest.json")).isFalse();

            staging.publish(
                    "manifest.json",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    List.of("part-00000.parquet", "validation/part-00000.parquet"));
        }
        assertThat(store.isPublished(output, "manifest.json")).isTrue();
        assertThat(names(output))
                .containsExactly("manifest.json", "part-00000.parquet", "validation");
        assertThat(names(output.resolve("validation"))).containsExactly("part-00000.parquet");
        assertThat(names(output.getParent())).containsExactly(".m.lock", "m");
    }

    @Test
    void aListedFileThatIsMissingStopsThePublication() throws IOException {
        OutputStore store = store();
        Path output = store.root().resolve("pools/text-0123456789abcdef");
        try (OutputLock lock = store.lock(output, "mixlab curate")) {
            OutputStore.Staging staging = store.stage(output, "", false);
            assertThatThrownBy(
                            () ->
                                    staging.publish(
                                            "stats.json",
                                            new byte[0],
                                            List.of("part-00000.parquet")))
                    .hasMessageContaining("part-00000.parquet is missing");
        }
        assertThat(output).doesNotExist();
    }

    @Test
    void anOlderVersionIsReplacedOnlyOnceTheNewOneIsComplete() throws IOException {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        publish(store, output, "old");
        publish(store, output, "new");
        assertThat(output.resolve("part-00000.parquet")).hasContent("new");
        assertThat(names(output.getParent())).containsExactly(".m.lock", "m");

        // A crash between the two renames: the old version aside, the new one still staged.
        Path replaced = output.resolveSibling(".m.replaced");
        Files.move(output, replaced);
        assertThat(store.isPublished(output, "manifest.json")).isFalse();
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            store.stage(output, "k", true);
            assertThat(output.resolve("part-00000.parquet"))
                    .as("the version moved aside is put back by the next writer")
                    .hasContent("new");
        }
        assertThat(replaced).doesNotExist();
    }

    private static void publish(OutputStore store, Path output, String content) throws IOException {
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            OutputStore.Staging staging = store.stage(output, content, false);
            Files.writeString(staging.dir().resolve("part-00000.parquet"), content);
            staging.publish("manifest.json", new byte[0], List.of("part-00000.parquet"));
        }
    }

    @Test
    void stagingResumesItsOwnKeyAndDropsOtherKeysOfTheSameOutput() throws IOException {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        Path other = Files.createDirectories(store.root().resolve("mixtures/.m.partial-old"));
        Path otherMixture = Files.createDirectories(store.root().resolve("mixtures/.n.partial-x"));
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            Path staged = store.stage(output, "new", true).dir();
            Files.writeString(staged.resolve("part-00000.parquet"), "done");
            assertThat(store.stage(output, "new", true).dir().resolve("part-00000.parquet"))
                    .hasContent("done");
            assertThat(store.stage(output, "new", false).dir()).isEmptyDirectory();
        }
        assertThat(other).doesNotExist();
        assertThat(otherMixture).as("another mixture's resumable work").exists();
    }

    @Test
    void abandonedStagingIsRemovedUnlessItsOutputIsLocked() throws IOException {
        OutputStore store = store();
        Path pools = store.root().resolve("pools");
        Path abandoned = Files.createDirectories(pools.resolve(".code-0123456789abcdef.partial"));
        Path busy = Files.createDirectories(pools.resolve(".text-0123456789abcdef.partial"));
        Path published = Files.createDirectories(pools.resolve("markup-0123456789abcdef"));
        Files.move(published, pools.resolve(".markup-0123456789abcdef.replaced"));
        try (OutputLock lock =
                store.lock(pools.resolve("text-0123456789abcdef"), "mixlab curate")) {
            store.removeAbandoned(pools);
        }
        assertThat(abandoned).doesNotExist();
        assertThat(busy).exists();
        assertThat(published).as("an interrupted replacement is undone").exists();
    }

    @Test
    void theLeftoversOfAnUpToDateOutputAreRemovedUnlessItsWriterLives() throws IOException {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        publish(store, output, "built");
        Path killedForce = Files.createDirectories(output.resolveSibling(".m.partial-built"));
        Path other = Files.createDirectories(output.resolveSibling(".n.partial-x"));
        try (OutputLock lock = store.lock(output, "mixlab mix --force")) {
            store.removeAbandonedStaging(output);
            assertThat(killedForce).as("its writer holds the lock").exists();
        }
        store.removeAbandonedStaging(output);
        assertThat(killedForce).doesNotExist();
        assertThat(other).as("another output's").exists();
        assertThat(output.resolve("part-00000.parquet")).hasContent("built");
    }

    @Test
    void stagingWithoutTheLockIsABug() {
        OutputStore store = store();
        assertThatThrownBy(() -> store.stage(store.root().resolve("pools/p"), "", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without holding its lock");
    }

    @Test
    void aSecondWriterInThisProcessIsToldWhoHoldsTheLock() {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            assertThatThrownBy(() -> store.lock(output, "mixlab build"))
                    .isInstanceOf(OutputBusyException.class)
                    .hasMessageContaining(
                            output + " is being written by PID " + ProcessHandle.current().pid())
                    .hasMessageContaining("mixlab mix, since ");
        }
        store.lock(output, "mixlab build").close();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathFreesTheLock() throws Exception {
        OutputStore store = store();
        Path output = store.root().resolve("mixtures/m");
        Process holder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx64m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolderMain.class.getName(),
                                store.root().toString(),
                                output.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> store.lock(output, "mixlab mix"))
                    .isInstanceOf(OutputBusyException.class)
                    .hasMessageContaining("is being written by PID " + holder.pid() + " on host ")
                    .hasMessageContaining("(mixlab mix (test holder), since ")
                    .hasMessageEndingWith(
                            "wait for it to finish (or stop it) and run the command again");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the kernel releases the lock
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        try (OutputLock lock = store.lock(output, "mixlab mix")) {
            assertThat(lock.output()).isEqualTo(output);
        }
    }
}
