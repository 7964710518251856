package dev.mixlab.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.eval.EvalInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {
    @TempDir Path dir;

    @Test
    void writesMarkdownCsvHtmlAndChartsForAnAblation() throws Exception {
        SweepFixture sweep = new SweepFixture(dir);
        Path html = CompareReport.write(sweep.spec, sweep.workdir, null, null);

        Path out = sweep.workdir.resolve("reports/sweep");
        assertThat(html).isEqualTo(out.resolve("report.html"));
        assertThat(out.resolve("charts"))
                .isDirectoryContaining("glob:**/category-scores.png")
                .isDirectoryContaining("glob:**/score-vs-code-share.png")
                .isDirectoryContaining("glob:**/bpb-vs-code-share.png")
                .isDirectoryContaining("glob:**/task-heatmap.png")
                .isDirectoryContaining("glob:**/loss-curves.png")
                .isDirectoryContaining("glob:**/win-rates.png");

        String md = Files.readString(out.resolve("report.md"));
        // The run with the lowest code share is the default baseline.
        assertThat(md).contains("Baseline: **code-0-tiny-s0**");
        assertThat(md)
                .contains(
                        "| code-0-tiny-s0 | pretrain | 0% |",
                        "| code-100-tiny-s0 | pretrain | 100% |");
        // ARC-Easy for code-50: 42.0 ± 1.96·1.0, +5.0% vs 40.0 with the difference interval 2.0 ±
        // 1.96·√2.
        assertThat(md)
                .contains("| ARC-Easy | acc_norm | 40.0 ± 2.0 | 42.0 ± 2.0 | +5.0% [-0.8, +4.8] |");
        assertThat(md)
                .contains(
                        "| HumanEval | pass@1,create_test | 1.0 ± 2.0 | 6.0 ± 2.0 | 6.0× [+2.2, +7.8] |");
        // Missing tasks are listed per run; reasoning with 2 of 11 tasks says so.
        assertThat(md)
                .contains("(2/11 tasks)")
                .contains(
                        "NL reasoning: BoolQ, SciQ, Social IQa, QuAC, CB, COPA, StoryCloze, HellaSwag, Winogrande");
        // eval.tasks of the spec: a task nobody has results for gets a row and is listed as
        // missing.
        assertThat(md)
                .contains("| lambada_openai |  | — | — |  | — |  | — |")
                .contains("; expected tasks: lambada_openai");
        // Proxy bpb: lower is better, shown unscaled.
        assertThat(md).contains("| Validation bits per byte (lower is better) | 1.350 ± 0.007 |");
        assertThat(md).contains("![Training loss](charts/loss-curves.png)");

        Map<String, String[]> csv =
                Files.readAllLines(out.resolve("report.csv")).stream()
                        .skip(1)
                        .map(l -> l.split(",", -1))
                        .collect(
                                Collectors.toMap(
                                        f -> f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3], f -> f));
        assertThat(Files.readAllLines(out.resolve("report.csv")).get(0))
                .startsWith("kind,section,name,subject,run,phase,code_share,metric,");
        String[] arc = csv.get("task|reasoning|ARC-Easy|code-100-tiny-s0");
        assertThat(Double.parseDouble(arc[9]))
                .isEqualTo(44.0); // value: 0.44 in the harness file, in percent
        assertThat(Double.parseDouble(arc[12])).isEqualTo(0.1); // relative change vs 40.0
        assertThat(arc[6]).isEqualTo("1.00000");
        String[] generative = csv.get("category|generative|generative|code-100-tiny-s0");
        assertThat(Double.parseDouble(generative[9]))
                .isEqualTo(80.0); // 16 wins, 0 ties, 4 losses of 20
        String[] bpbCode = csv.get("task|bpb|code|code-100-tiny-s0");
        assertThat(Double.parseDouble(bpbCode[9])).isEqualTo(0.9);
        assertThat(bpbCode[8]).isEqualTo("false");
        assertThat(csv.get("category|bpb|bpb|code-0-tiny-s0")[19]).isEqualTo("false");

        String page = Files.readString(html);
        assertThat(page)
                .contains("<img class=\"chart\"")
                .contains("data:image/png;base64,")
                .doesNotContain("src=\"charts/");
        assertThat(page.split("<img class=\"chart\"", -1)).hasSize(7);
    }

    @Test
    void leavesOutChartsWithoutData() throws Exception {
        SweepFixture sweep = new SweepFixture(dir);
        for (String run : List.of("code-0-tiny-s0", "code-50-tiny-s0", "code-100-tiny-s0")) {
            Files.delete(sweep.workdir.resolve("runs").resolve(run).resolve("metrics.csv"));
        }
        Path html =
                CompareReport.write(
                        sweep.spec, sweep.workdir, "code-50-tiny-s0", dir.resolve("out"));
        assertThat(Files.readString(html))
                .contains("Baseline: <strong>code-50-tiny-s0</strong>")
                .doesNotContain("Training loss");
        assertThat(Arrays.stream(dir.resolve("out/charts").toFile().list()).sorted())
                .containsExactly(
                        "bpb-vs-code-share.png",
                        "category-scores.png",
                        "score-vs-code-share.png",
                        "task-heatmap.png",
                        "win-rates.png");
    }

    @Test
    void aMalformedMetricsFileIsAnInputErrorNamingItsLine() throws Exception {
        SweepFixture sweep = new SweepFixture(dir);
        Path metrics = sweep.workdir.resolve("runs/code-50-tiny-s0/metrics.csv");
        Files.writeString(metrics, "phase,step,tokens,loss\npretrain,1,2048,5.0\n");
        assertThatThrownBy(() -> CompareReport.write(sweep.spec, sweep.workdir, null, null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageStartingWith(metrics + ":1: header must be");
    }
}
