package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.eval.stats.StudentT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * configs/examples/seeds.yaml end to end on a slice of the real sample corpora ({@link
 * SampleSlice}), with 64K-token runs instead of 256K: curate, mix, train the six runs (0% and 50%
 * code × seeds 1, 2, 3), proxy-evaluate them and compare. The comparison's seed columns are then
 * recomputed from the six runs' own results files.
 */
class SeedsExampleTest {
    private static final Path EXAMPLE = BinMixlab.ROOT.resolve("configs/examples/seeds.yaml");

    @TempDir static Path dir;
    static Path work;
    static List<CliRun> steps = new ArrayList<>();

    @BeforeAll
    static void runTheReducedExample() throws IOException {
        String yaml =
                SampleSlice.reducedExample(
                        dir,
                        EXAMPLE,
                        "tokens: 256K}",
                        "tokens: 64K}",
                        "budget: 512K",
                        "budget: 128K");
        Path spec = Files.writeString(dir.resolve("seeds.yaml"), yaml);
        work = dir.resolve("work");
        String workdir = work.toString();
        for (List<String> step :
                List.of(
                        List.of("curate", "--runner", "direct"),
                        List.of("mix", "--runner", "direct"),
                        List.of("train"),
                        List.of("eval", "--all"),
                        List.of("compare", "--ablation"))) {
            List<String> args = new ArrayList<>(step);
            if (step.get(0).equals("compare")) args.add(spec.toString());
            else args.add(1, spec.toString());
            args.addAll(List.of("--workdir", workdir));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            steps.add(run);
            if (run.exitCode() != 0) break;
        }
    }

    @Test
    void compareShowsEachRecipeAsOneColumnOverItsThreeSeeds() throws IOException {
        for (CliRun step : steps) assertThat(step.exitCode()).as(step.err()).isZero();
        assertThat(steps).hasSize(5);
        assertThat(steps.get(4).out())
                .contains(
                        "compared 6 runs as 2 columns (2 over several seeds: mean, sd, t interval) against code-0-tiny (n=3 seeds)");

        Path report = work.resolve("reports/seeds-example");
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md)
                .contains("| code-0-tiny | pretrain | 0% | 1, 2, 3 (n=3) |")
                .contains("| code-50-tiny | pretrain | 50% | 1, 2, 3 (n=3) |")
                .contains("code-50-tiny (n=3 seeds)");
        assertThat(report.resolve("charts")).isDirectoryContaining("glob:**/bpb-vs-code-share.png");

        // The text and code bits per byte of each group, recomputed from the runs' own results.
        Map<String, String[]> csv =
                Files.readAllLines(report.resolve("report.csv")).stream()
                        .skip(1)
                        .map(l -> l.split(",", -1))
                        .filter(f -> f[0].equals("task") && f[1].equals("bpb"))
                        .collect(Collectors.toMap(f -> f[2] + "|" + f[3], f -> f));
        for (String source : List.of("text", "code")) {
            double[] base = bitsPerByte("code-0", source);
            double[] code50 = bitsPerByte("code-50", source);
            String[] row = csv.get(source + "|code-50-tiny");
            assertThat(row).as(source).isNotNull();
            double mean = (code50[0] + code50[1] + code50[2]) / 3;
            double sd = sd(code50);
            double half = StudentT.critical95(2) * sd / Math.sqrt(3);
            assertThat(Double.parseDouble(row[9])).isCloseTo(mean, within(1e-5));
            assertThat(Double.parseDouble(row[10])).isCloseTo(mean - half, within(1e-5));
            assertThat(Double.parseDouble(row[21])).isCloseTo(sd, within(1e-5));
            assertThat(row[20]).isEqualTo("3");
            assertThat(row[22]).isEqualTo("1;2;3");
            // Same seeds on both sides: paired by seed.
            assertThat(row[15]).isEqualTo("paired t over seeds");
            double[] d = new double[3];
            for (int i = 0; i < 3; i++) d[i] = code50[i] - base[i];
            double meanD = (d[0] + d[1] + d[2]) / 3;
            double t = meanD / (sd(d) / Math.sqrt(3));
            assertThat(Double.parseDouble(row[23]))
                    .isCloseTo(StudentT.twoSidedP(t, 2), within(1e-4));
        }
    }

    /** Held-out bits per byte of {@code source} for the recipe's seeds 1, 2, 3. */
    private static double[] bitsPerByte(String recipe, String source) throws IOException {
        double[] values = new double[3];
        for (int seed = 1; seed <= 3; seed++) {
            Path results =
                    work.resolve(
                            "runs/"
                                    + recipe
                                    + "-tiny-s"
                                    + seed
                                    + "/eval/pretrain/results_proxy.json");
            values[seed - 1] =
                    new ObjectMapper()
                            .readTree(results.toFile())
                            .path("results")
                            .path("mixlab_bpb_" + source)
                            .path("bpb,none")
                            .asDouble();
        }
        return values;
    }

    private static double sd(double[] v) {
        double mean = (v[0] + v[1] + v[2]) / 3;
        double squares = 0;
        for (double x : v) squares += (x - mean) * (x - mean);
        return Math.sqrt(squares / 2);
    }
}
