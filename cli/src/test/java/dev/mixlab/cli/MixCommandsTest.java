package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mix, build and inspect end to end on a tiny real corpus: this repository's own docs (prose) and
 * the CLI's Java sources (code), on Beam's Direct runner.
 */
class MixCommandsTest {

    @TempDir static Path dir;
    static Path spec;
    static CliRun build;

    @BeforeAll
    static void buildTheMixtures() throws IOException {
        spec =
                TinyCorpus.spec(
                        dir,
                        "tiny",
                        "cl100k_base",
                        """
                mixtures:
                  - {name: half, weights: {prose: 0.5, code: 0.5}, budget: 8K}
                  - {name: code-hungry, weights: {prose: 0.1, code: 0.9}, budget: 5M}
                """);
        build = CliRun.direct("build", spec, dir.resolve("work"), "--only", "half");
    }

    @Test
    void buildCuratesAndMixesAndInspectVerifies() {
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out())
                .containsPattern("pool prose\\s+built")
                .containsPattern("half\\s+built");
        CliRun inspect = CliRun.of("inspect", dir.resolve("work/mixtures/half").toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out())
                .contains("mixture half", "verified:")
                .containsPattern("prose\\s+0\\.500");
    }

    @Test
    void inspectDecodesRowsBackToTheDocumentsText() {
        CliRun inspect =
                CliRun.of("inspect", dir.resolve("work/mixtures").toString(), "--decode", "64");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        // Short docs fit in a row of 128 tokens whole; an Enum-like source file's first line is
        // always in its first row.
        assertThat(inspect.out()).contains("[document start]").contains("package dev.mixlab.cli;");
    }

    @Test
    void aSourceShortOfItsShareExitsTwoNamingItAndTheCap() {
        CliRun run = CliRun.direct("mix", spec, dir.resolve("work"), "--only", "code-hungry");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("mixture 'code-hungry': source 'prose' cannot supply its share")
                .contains("max_repetition 1 epochs")
                .contains("Raise max_repetition for 'prose'")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("work/mixtures/code-hungry")).doesNotExist();
    }

    @Test
    void mixingWithoutPoolsExitsTwoAskingForCurate() {
        CliRun run =
                CliRun.of(
                        "mix",
                        spec.toString(),
                        "--only",
                        "half",
                        "--workdir",
                        dir.resolve("empty").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("has no curated pool")
                .contains("mixlab curate")
                .contains("mixlab build");
    }

    @Test
    void aDamagedShardFailsInspectionWithExitOne() throws IOException {
        CliRun copy = CliRun.direct("mix", spec, dir.resolve("work"), "--only", "half");
        assertThat(copy.out()).containsPattern("half\\s+reused");
        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged.resolve("validation"));
        try (Stream<Path> files = Files.walk(dir.resolve("work/mixtures/half"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(
                        file,
                        damaged.resolve(
                                dir.resolve("work/mixtures/half").relativize(file).toString()));
            }
        }
        byte[] shard = Files.readAllBytes(damaged.resolve("part-00000.parquet"));
        shard[shard.length / 2] ^= 1;
        Files.write(damaged.resolve("part-00000.parquet"), shard);
        CliRun inspect = CliRun.of("inspect", damaged.toString());
        assertThat(inspect.exitCode()).isEqualTo(1);
        assertThat(inspect.err()).contains("shard part-00000.parquet has SHA-256");
    }

    @Test
    void unknownMixturesAndPathsAreUsageErrors() {
        assertThat(CliRun.of("mix", spec.toString(), "--only", "nope").err())
                .contains("--only nope: no such mixture")
                .contains("half");
        assertThat(CliRun.of("mix", spec.toString(), "--only", "nope").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("inspect", dir.toString()).exitCode()).isEqualTo(2);
    }
}
