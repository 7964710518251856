package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argument handling of {@code mixlab bench}; the measurement itself is run by hand
 * (docs/BENCHMARKS.md).
 */
class BenchCommandTest {
    @TempDir Path dir;

    /**
     * A source of 100 documents and 10 MB whose tokenizer alone took 1 s (and 1 CPU-s), curated in
     * the given seconds.
     */
    private static BenchCommand.Curate.SourceResult source(
            String name,
            String kind,
            double curateSeconds,
            double curateCpuSeconds,
            Map<String, Double> stageCpuSeconds) {
        return new BenchCommand.Curate.SourceResult(
                name,
                kind,
                100,
                10_000_000,
                2_000_000,
                0.5,
                1.0,
                1.0,
                curateSeconds,
                curateCpuSeconds,
                stageCpuSeconds);
    }

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
        CliRun zero =
                CliRun.of("bench", "curate", "--passes", "0", dir.resolve("x.yaml").toString());
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--passes must be at least 1, got 0");
    }

    @Test
    void helpStatesTheTarget() {
        CliRun run = CliRun.of("bench", "curate", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: mixlab bench curate")
                .containsPattern("text and markup\\s+0\\.35x,\\s+code\\s+0\\.5x")
                .contains("--workdir")
                .contains("--runner")
                .contains("--passes");
    }

    @Test
    void tableReportsThroughputPerCoreAndFlagsMissedTargetsPerKind() {
        // 10 MB each, tokenizer alone at 10 MB/s (and per CPU second); text curated on 2 workers
        // at 6.67 MB/s/core and 5 MB/CPU-s (cpu ratio 0.50 meets text's 0.35), code at 2 MB/s/core
        // and 4 MB/CPU-s (0.40 misses code's 0.5); both in one job: 20 MB in 2.5 s on 2 workers
        // (4 MB/s/core: 0.40) and 4 CPU-s (5 MB/CPU-s: 0.50, the total has no target).
        String table =
                BenchCommand.Curate.table(
                        List.of(
                                source("text", "text", 0.75, 2.0, Map.of()),
                                source("code", "code", 2.5, 2.5, Map.of())),
                        new BenchCommand.Curate.Timing(2.5, 4.0),
                        2);
        assertThat(table)
                .containsPattern(
                        "(?m)^text .* 10\\.00 +0\\.8 +2\\.0 +6\\.67 +0\\.67 +10\\.00 +0\\.50$")
                .containsPattern(
                        "(?m)^code .* 10\\.00 +2\\.5 +2\\.5 +2\\.00 +0\\.20 +10\\.00 +0\\.40 !$")
                .containsPattern(
                        "(?m)^total .* 20\\.0 .* 10\\.00 +2\\.5 +4\\.0 +4\\.00 +0\\.40 +10\\.00 +0\\.50$");
    }

    @Test
    void sourcesNotTimedAloneShowDashes() {
        String table =
                BenchCommand.Curate.table(
                        List.of(
                                source("text", "text", 0, 0, Map.of())
                                        .curatedIn(BenchCommand.Curate.Timing.NOT_MEASURED)),
                        new BenchCommand.Curate.Timing(1.0, 2.0),
                        2);
        assertThat(table)
                .containsPattern("(?m)^text .* 10\\.00 +- +- +- +- +10\\.00 +-$")
                .containsPattern(
                        "(?m)^total .* 10\\.00 +1\\.0 +2\\.0 +5\\.00 +0\\.50 +10\\.00 +0\\.50$");
    }

    @Test
    void stageTableGivesCpuSecondsPerMegabyteInDataFlowOrderWithTheRestAsOther() {
        // 10 MB curated in 2 CPU-s: 1.7 in named stages, 0.05 in the GC's threads, 0.1 compiling;
        // the tokenizer alone took 1 CPU-s.
        String table =
                BenchCommand.Curate.stageTable(
                        List.of(
                                source(
                                        "text",
                                        "text",
                                        3.0,
                                        2.0,
                                        Map.of(
                                                "tokenize",
                                                0.5,
                                                "filters",
                                                1.0,
                                                "read",
                                                0.2,
                                                BenchCommand.Curate.JIT,
                                                0.1,
                                                BenchCommand.Curate.GC,
                                                0.05))));
        assertThat(table)
                .containsPattern(
                        "(?s)read +0\\.020\\n.*filters +0\\.100\\n.*tokenize +0\\.050\\n"
                                + "gc +0\\.005\\njit +0\\.010\\n"
                                + "other +0\\.015\\ntotal +0\\.200\\ntokenizer +0\\.100\\n");
    }
}
