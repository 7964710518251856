package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, items 1, 12 and 13 against the real CLI: concurrent writers of one work directory, kill
 * -9 and resume, and names that lead out of the work directory. The second process is a real {@code
 * mixlab} JVM; the corpus is this repository's docs (prose) and the CLI's sources (code).
 */
class WorkDirSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path spec;
    static Path work;

    @BeforeAll
    static void curateThePools() throws IOException {
        spec =
                TinyCorpus.spec(
                        dir,
                        "safety",
                        "bytes",
                        """
                mixtures:
                  - {name: first, weights: {prose: 0.5, code: 0.5}, budget: 60K}
                  - {name: second, weights: {prose: 0.3, code: 0.7}, budget: 60K}
                models:
                  tiny: {d_model: 32, n_layers: 1, n_heads: 2}
                runs:
                  - {name: r, models: [tiny], phases: [{mixture: first, tokens: 1K}]}
                """);
        work = dir.resolve("work");
        CliRun curate = CliRun.direct("curate", spec, work);
        assertThat(curate.exitCode()).as(curate.err()).isZero();
    }

    @Test
    void aSecondMixOfTheSameMixtureIsToldWhoHoldsItAndLeavesNothingBehind() throws Exception {
        Process first = mixInAnotherProcess("first");
        try {
            Path lock = work.resolve("mixtures/.first.lock");
            // The holder names itself in the lock before it makes its staging directory: wait for
            // both, so that it is frozen with something to protect.
            awaitWhileAlive(
                    first,
                    () ->
                            Files.size(lock) > 0
                                    && !names(work.resolve("mixtures"), n -> n.contains(".partial"))
                                            .isEmpty());
            signal(first, "STOP"); // the holder is frozen while holding its lock

            CliRun second = CliRun.direct("mix", spec, work, "--only", "first");

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err())
                    .contains(
                            "mixlab mix: "
                                    + work.resolve("mixtures/first")
                                    + " is being written by PID "
                                    + first.pid()
                                    + " on host ")
                    .contains("(mixlab mix, since ")
                    .endsWith("wait for it to finish (or stop it) and run the command again\n");
            assertThat(second.err().lines()).as("one line, no stack trace").hasSize(1);
            assertThat(names(work.resolve("mixtures"), n -> n.contains(".partial")))
                    .as("only the holder's staging directory")
                    .hasSize(1);
        } finally {
            signal(first, "CONT");
        }
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(
                        names(
                                work.resolve("mixtures"),
                                n -> n.startsWith(".first") || n.equals("first")))
                .containsExactlyInAnyOrder("first", ".first.lock");
        assertThat(work.resolve("mixtures/.first.lock")).isEmptyFile();
        assertThat(CliRun.of("inspect", work.resolve("mixtures/first").toString()).exitCode())
                .isZero();
    }

    @Test
    void afterKillNineAndResumeTheMixtureHoldsExactlyWhatItsManifestLists() throws Exception {
        Process killed = mixInAnotherProcess("second");
        Path mixtures = work.resolve("mixtures");
        awaitWhileAlive(
                killed, () -> !names(mixtures, n -> n.startsWith(".second.partial")).isEmpty());
        killed.destroyForcibly(); // SIGKILL
        assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
        Path staging =
                mixtures.resolve(names(mixtures, n -> n.startsWith(".second.partial")).get(0));
        // What a shard writer killed mid-file leaves, whether or not the kill above hit one.
        Files.writeString(staging.resolve(".part-00000.parquet.0f3c9a.tmp"), "half a shard");

        CliRun resumed = CliRun.direct("mix", spec, work, "--only", "second");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Path published = mixtures.resolve("second");
        MixtureManifest manifest = MixtureManifest.read(published);
        List<String> expected = new ArrayList<>(manifest.files());
        expected.add(MixtureManifest.FILE_NAME);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(published)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> found.add(published.relativize(f).toString()));
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(names(mixtures, n -> n.startsWith(".second.partial"))).isEmpty();
        assertThat(CliRun.of("inspect", published.toString()).exitCode()).isZero();

        Files.writeString(published.resolve(".part-00000.parquet.77aa.tmp"), "stray");
        CliRun inspect = CliRun.of("inspect", published.toString());
        assertThat(inspect.exitCode()).isEqualTo(1);
        assertThat(inspect.out())
                .contains(".part-00000.parquet.77aa.tmp is not listed in the manifest");
        Files.delete(published.resolve(".part-00000.parquet.77aa.tmp"));
    }

    @Test
    void aRunIdLeadingOutOfTheWorkDirectoryCannotMakeRestartDeleteOrWriteThere() throws Exception {
        // The run id r-x/../../../victim-s0 would lead to <workdir>/../../victim-s0. The name rule
        // refuses the model at its line before the IO core's containment check is reached (that
        // check is tested on its own in OutputStoreTest and LauncherTest).
        Path escape = dir.resolve("escape.yaml");
        Files.writeString(
                escape,
                Files.readString(spec)
                        .replace("tiny:", "\"x/../../../victim\":")
                        .replace("[tiny]", "[\"x/../../../victim\"]"));
        Path victim = work.resolve("runs/r-x/../../../victim-s0").normalize();
        assertThat(victim.startsWith(work)).as("the name leads out: " + victim).isFalse();
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("precious.txt"), "keep me");
        List<String> around = names(victim.getParent(), n -> true);

        CliRun train =
                CliRun.of(
                        "train",
                        escape.toString(),
                        "--restart",
                        "r-x/../../../victim-s0",
                        "--workdir",
                        work.toString());

        assertThat(train.exitCode()).as(train.err()).isEqualTo(2);
        assertThat(train.err().strip().lines()).hasSize(1);
        assertThat(train.err()).contains("escape.yaml:").contains("path separator");
        assertThat(victim.resolve("precious.txt")).hasContent("keep me");
        assertThat(names(victim, n -> true)).containsExactly("precious.txt");
        assertThat(names(victim.getParent(), n -> true)).isEqualTo(around);
        assertThat(work.resolve("runs")).doesNotExist();
    }

    /** {@code mixlab mix --only mixture} in a JVM of its own (the test class path). */
    private static Process mixInAnotherProcess(String mixture) throws IOException {
        Path log = Files.createTempFile(dir, "mix-" + mixture, ".log");
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "mix",
                        spec.toString(),
                        "--only",
                        mixture,
                        "--runner",
                        "direct",
                        "--workdir",
                        work.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void awaitWhileAlive(Process process, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            try {
                if (condition.holds()) return;
            } catch (IOException notYet) {
                // the file does not exist yet
            }
            assertThat(process.isAlive()).as("the other mix is still running").isTrue();
            assertThat(System.nanoTime()).as("waited 5 minutes").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill =
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> names(Path directory, Predicate<String> filter) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).filter(filter).sorted().toList();
        }
    }
}
