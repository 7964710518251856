package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.pipelines.mix.MixStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixlab bench mix} on a tiny real corpus (this repository's docs and the CLI's sources) on
 * the Direct runner: the report's fields, not its timings (those are docs/BENCHMARKS.md's).
 */
class BenchMixCommandTest {
    @TempDir Path dir;

    @Test
    void reportsEachPassEachStageAndTheMarginalThroughputAndLeavesTheWorkDirectoryAsItWas()
            throws Exception {
        TinyCorpus.write(dir);
        Path spec = dir.resolve("bench.yaml");
        Files.writeString(
                spec,
                """
                name: bench-mix
                tokenizer: cl100k_base
                seq_len: 64
                sources:
                  - {name: docs, kind: prose, inputs: prose.jsonl, heldout_fraction: 0.1}
                  - {name: sources, kind: code, inputs: code.jsonl, heldout_fraction: 0.1}
                mixtures:
                  - {name: even, weights: {docs: 0.5, sources: 0.5}, budget: 4K}
                """);
        Path work = dir.resolve("work");
        CliRun run =
                CliRun.of(
                        "bench",
                        "mix",
                        spec.toString(),
                        "--runner",
                        "direct",
                        "--scale",
                        "3",
                        "--workdir",
                        work.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String number = " +-?[0-9][0-9,]*\\.?[0-9]*";
        assertThat(run.out())
                .contains("machine: ", "warm-up pass done")
                .containsPattern("(?m)^pass +rows +token MB +wall s +cpu s +MB/cpu-s +peak RSS$")
                .containsPattern("(?m)^1x" + number.repeat(5) + " +[0-9,]+ MB$")
                .containsPattern("(?m)^3x" + number.repeat(5) + " +[0-9,]+ MB$")
                .containsPattern("(?m)^stage +1x cpu s +3x cpu s +marginal cpu-s/MB$")
                .containsPattern("(?m)^pack" + number.repeat(3) + "$")
                .containsPattern("(?m)^write" + number.repeat(3) + "$")
                .containsPattern("(?m)^other" + number.repeat(3) + "$")
                .containsPattern("(?m)^total" + number.repeat(3) + "$")
                .containsPattern(
                        "marginal throughput \\(3x - 1x\\): ([0-9.]+ MB of tokens per CPU second"
                                + " \\(target >= 60: (met|missed)\\)|not measurable, .*)");
        assertThat(work.resolve("pools")).isDirectory();
        assertThat(work.resolve("mixtures"))
                .as("the benchmark's mixtures are not kept")
                .doesNotExist();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".bench-mix-"));
        }
    }

    @Test
    void theMarginalRateDividesTheLargerPassesExtraTokensByItsExtraCpu() {
        // 360 MB more for 6 CPU seconds more: 60 MB per CPU second, the target.
        String report =
                BenchMixCommand.report(
                        pass("1x", 40_000_000L, 20, 2, 4), pass("10x", 400_000_000L, 26, 4, 8));
        assertThat(report)
                .containsPattern("(?m)^pack +2\\.00 +4\\.00 +0\\.0056$")
                .containsPattern("(?m)^write +4\\.00 +8\\.00 +0\\.0111$")
                .containsPattern("(?m)^other +14\\.00 +14\\.00 +0\\.0000$")
                .containsPattern("(?m)^total +20\\.00 +26\\.00 +0\\.0167$")
                .containsPattern("(?m)^10x +10,000 +400\\.0 +9\\.0 +26\\.0 +15\\.4 +600 MB$")
                .contains(
                        "marginal throughput (10x - 1x): 60.0 MB of tokens per CPU second (target >= 60: met)");
    }

    private static BenchMixCommand.Pass pass(
            String label, long tokenBytes, double cpuSeconds, double pack, double write) {
        return new BenchMixCommand.Pass(
                label,
                tokenBytes / 40_000,
                tokenBytes,
                9.0,
                cpuSeconds,
                "600 MB",
                new MixStages(
                        Map.of(
                                MixStages.PACK, (long) (pack * 1e9),
                                MixStages.WRITE, (long) (write * 1e9))));
    }

    @Test
    void aScaleBelowTwoIsAUsageError() {
        CliRun run = CliRun.of("bench", "mix", dir.resolve("x.yaml").toString(), "--scale", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--scale must be at least 2, found 1");
    }
}
