package dev.mixlab.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.SeedsFixture;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.compare.CleanItemScoresTest;
import dev.mixlab.eval.compare.Comparison;
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
        // Reasoning with 2 of 11 tasks says so; the 9 tasks no run has, and the expected task
        // nobody has results for, are one "not evaluated" line rather than empty rows.
        assertThat(md)
                .contains("(2/11 tasks)")
                .contains(
                        "**Not evaluated:** tasks: BoolQ, SciQ, Social IQa, QuAC, CB, COPA, StoryCloze, HellaSwag, Winogrande (NL reasoning); NaturalQuestions-Open (World knowledge); MBPP (Code); lambada_openai (Other tasks)")
                .doesNotContain("| BoolQ |")
                .doesNotContain("| lambada_openai |");
        assertThat(md).contains("## Missing tasks\n\nNone: every run has results for every task");
        // The report leads with the proxy measurements, per source, runs down: held-out bits per
        // byte (lower is better, unscaled, change vs the baseline, best in bold), then probes.
        assertThat(md.indexOf("## Held-out bits per byte by source"))
                .isPositive()
                .isLessThan(md.indexOf("## Probe accuracy by source"));
        assertThat(md.indexOf("## Probe accuracy by source"))
                .isLessThan(md.indexOf("## Categories"));
        assertThat(md)
                .contains("| run | code share | code (n=200) | text (n=200) |")
                .contains(
                        "| code-50-tiny-s0 (n=1) | 50% | 1.200 ± 0.010 (-20.0%) | 1.350 ± 0.010 (+12.5%) |",
                        "| code-100-tiny-s0 (n=1) | 100% | **0.900 ± 0.010 (-40.0%)** | 1.500 ± 0.010 (+25.0%) |");
        assertThat(md.indexOf("![Held-out bits per byte by source vs code share]"))
                .isBetween(
                        md.indexOf("## Held-out bits per byte by source"),
                        md.indexOf("## Probe accuracy by source"));
        // Probes are flagged against chance (25%): within the 95% interval, or below it.
        assertThat(md)
                .contains("Chance (guessing) is 25.0%")
                .contains(
                        "| code-0-tiny-s0 (n=1) | 0% | 25.0 ± 3.9 ≈ chance | 18.0 ± 2.9 below chance |")
                .contains(
                        "| code-50-tiny-s0 (n=1) | 50% | 40.0 ± 3.9 (+60.0%) | 23.0 ± 2.9 (+27.8%) ≈ chance |")
                .contains(
                        "| code-100-tiny-s0 (n=1) | 100% | **55.0 ± 3.9 (2.2×)** | **28.0 ± 2.9 (+55.6%)** |")
                .contains("3 of 6 scores are not above chance.");
        // The category table no longer averages bits per byte over sources.
        assertThat(md).doesNotContain("| Held-out bits per byte by source (lower is better) |");
        ReportTables.assertNoEmptyRows(md);
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
        assertThat(page)
                .contains("<h2>Held-out bits per byte by source</h2>")
                .contains("<strong>Not evaluated:</strong> tasks: BoolQ");
        ReportTables.assertNoEmptyHtmlRows(page);
    }

    @Test
    void cleanItemScoresAreASectionOfEveryFormat() throws Exception {
        Comparison comparison =
                Comparison.of(
                                List.of(),
                                CleanItemScoresTest.samples(),
                                CategorySet.paper(),
                                List.of(CleanItemScoresTest.A, CleanItemScoresTest.B),
                                CleanItemScoresTest.A)
                        .withOverlap(CleanItemScoresTest.OVERLAP);
        Path out = dir.resolve("report");
        CompareReport.write(comparison, "clean", dir, out);

        assertThat(Files.readString(out.resolve("report.md")))
                .contains("## Benchmark contamination")
                .contains("| ⚠ probes | acc | 4 of 10 | 40.0 | 0.0 (n=6) | 60.0 | 100.0 (n=6) |");
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("<h2>Benchmark contamination</h2>")
                .contains(
                        "<tr><td>⚠ probes</td><td>acc</td><td>4 of 10</td><td>40.0</td>"
                                + "<td>0.0 (n=6)</td><td>60.0</td><td>100.0 (n=6)</td></tr>");
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        assertThat(csv.get(0)).endsWith(",diff_p,overlapped_items,set_items,has_overlap");
        int columns = csv.get(0).split(",", -1).length;
        assertThat(csv).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
        // Per task and run: all items and clean items, with the set's overlap and its mark.
        assertThat(csv)
                .contains(
                        "task_all_items,contamination,probes,a,a,,0.00000,acc,true,0.400000,,,,,,,,,,,10,,,,4,10,true",
                        "task_clean_items,contamination,probes,a,a,,0.00000,acc,true,0.00000,,,,,,,,,,,6,,,,4,10,true",
                        "task_clean_items,contamination,probes,b,b,,1.00000,acc,true,1.00000,,,,,,,,,,,6,,,,4,10,true");
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

    @Test
    void seedGroupsShowMeanSpreadAndTestsAndOneSeedSaysN1() throws Exception {
        SeedsFixture seeds = new SeedsFixture(dir);
        Path out = dir.resolve("report");
        CompareReport.write(seeds.spec, seeds.workdir, null, out);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md)
                .contains("| code-0-tiny | pretrain | 0% | 1, 2, 3 (n=3) |")
                .contains("| code-100-tiny | pretrain | 100% | 4, 5 (n=2) |")
                .contains("| single-tiny-s7 | pretrain | 50% | 7 (n=1) |");
        // Text bits per byte, hand-computed in SeedComparisonTest: code-0 1.250 ± 0.124, sd 0.050;
        // code-50 1.340 (+7.2%).
        assertThat(md)
                .contains("| code-0-tiny (n=3 seeds) | 0% | **1.250 ± 0.124 (sd 0.050, n=3)** |")
                .contains(
                        "| code-50-tiny (n=3 seeds) | 50% | 1.340 ± 0.050 (sd 0.020, n=3) (+7.2%) |")
                .contains("| single-tiny-s7 (n=1) | 50% | 1.330 ± 0.008 (+6.4%) |");
        // Categories: the change vs code-0 with the test that produced it.
        assertThat(md)
                .contains("paired t, p=")
                .contains("Welch t, p=")
                .contains("(n=1 vs n=3: no test)");
        assertThat(md).contains("Columns marked n=1 are single runs");
        // The bits-per-byte chart is drawn although code-50 and the single run share a code share.
        assertThat(out.resolve("charts"))
                .isDirectoryContaining("glob:**/bpb-vs-code-share.png")
                .isDirectoryContaining("glob:**/category-scores.png")
                .isDirectoryContaining("glob:**/task-heatmap.png")
                .isDirectoryContaining("glob:**/loss-curves.png");
        assertThat(md)
                .contains("each is a point, not joined")
                .contains("Error bars: 95% intervals");

        List<String> lines = Files.readAllLines(out.resolve("report.csv"));
        assertThat(lines.get(0))
                .endsWith(",best,n,sd,seeds,diff_p,overlapped_items,set_items,has_overlap");
        String[] text =
                lines.stream()
                        .filter(l -> l.startsWith("task,bpb,text,code-50-tiny,"))
                        .findFirst()
                        .orElseThrow()
                        .split(",", -1);
        assertThat(text[20]).isEqualTo("3");
        assertThat(Double.parseDouble(text[21])).isEqualTo(0.02);
        assertThat(text[22]).isEqualTo("1;2;3");
        assertThat(text[15]).isEqualTo("paired t over seeds");
        assertThat(Double.parseDouble(text[23])).isEqualTo(0.0350987);
    }
}
