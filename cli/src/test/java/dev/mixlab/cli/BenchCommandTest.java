package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argument handling of {@code mixlab bench}; the measurement itself is run by hand
 * (docs/BENCHMARKS.md).
 */
class BenchCommandTest {
    @TempDir Path dir;

    @Test
    void benchWithoutABenchmarkIsAUsageError() {
        CliRun run = CliRun.of("bench");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mixlab bench curate FILE.yaml");
    }

    @Test
    void curateNeedsASpecAndAKnownRunner() {
        assertThat(CliRun.of("bench", "curate").exitCode()).isEqualTo(2);
        CliRun run =
                CliRun.of("bench", "curate", "--runner", "spark", dir.resolve("x.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown runner 'spark'");
    }

    @Test
    void helpStatesTheTarget() {
        CliRun run = CliRun.of("bench", "curate", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: mixlab bench curate")
                .contains("0.6x")
                .contains("--workdir")
                .contains("--runner");
    }

    /**
     * A source of kind {@code source}: 100 documents, 10 MB read in 0.5 s and tokenized in 1 s (1
     * CPU-s), curated alone in the given wall and CPU seconds.
     */
    private static BenchCommand.Curate.SourceResult tenMegabytes(
            String source, long tokens, double curateSeconds, double curateCpuSeconds) {
        return new BenchCommand.Curate.SourceResult(
                source,
                source,
                100,
                10_000_000,
                tokens,
                0.5,
                1.0,
                1.0,
                curateSeconds,
                curateCpuSeconds);
    }

    @Test
    void tableReportsThroughputPerCoreAndFlagsMissedTargets() {
        // 10 MB each, tokenizer alone at 10 MB/s (and per CPU second); curation on 2 workers at
        // 6.67 MB/s/core and
        // 5 MB/CPU-s (meets 0.6x: 0.67, 0.50 misses), then 2 MB/s/core and 8 MB/CPU-s (misses:
        // 0.20; meets: 0.80);
        // both in one job: 20 MB in 2.5 s on 2 workers (4 MB/s/core: 0.40) and 4 CPU-s (5 MB/CPU-s:
        // 0.50).
        String table =
                BenchCommand.Curate.table(
                        List.of(
                                tenMegabytes("text", 2_000_000, 0.75, 2.0),
                                tenMegabytes("code", 3_000_000, 2.5, 1.25)),
                        new BenchCommand.Curate.Timing(2.5, 4.0),
                        2);
        assertThat(table)
                .containsPattern(
                        "(?m)^text .* 10\\.00 +0\\.8 +2\\.0 +6\\.67 +0\\.67 +10\\.00 +0\\.50 !$")
                .containsPattern(
                        "(?m)^code .* 10\\.00 +2\\.5 +1\\.3 +2\\.00 +0\\.20 ! +10\\.00 +0\\.80$")
                .containsPattern(
                        "(?m)^total .* 20\\.0 .* 10\\.00 +2\\.5 +4\\.0 +4\\.00 +0\\.40 ! +10\\.00 +0\\.50 !$");
    }

    @Test
    void sourcesNotTimedAloneShowDashes() {
        String table =
                BenchCommand.Curate.table(
                        List.of(
                                tenMegabytes("text", 2_000_000, 0, 0)
                                        .curatedIn(BenchCommand.Curate.Timing.NOT_MEASURED)),
                        new BenchCommand.Curate.Timing(1.0, 2.0),
                        2);
        assertThat(table)
                .containsPattern("(?m)^text .* 10\\.00 +- +- +- +- +10\\.00 +-$")
                .containsPattern(
                        "(?m)^total .* 10\\.00 +1\\.0 +2\\.0 +5\\.00 +0\\.50 ! +10\\.00 +0\\.50 !$");
    }
}
