package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixlab eval import} and {@code mixlab compare} on real harness output files (the eval
 * module's fixtures).
 */
class EvalCompareCommandsTest {
    private static final Path FIXTURES = Path.of("../eval/src/test/resources");
    private static final Path LM_EVAL_04 =
            FIXTURES.resolve("lm-eval-0.4/pythia-160m/results_2024-06-03T09-14-27.512345.json");
    private static final Path LM_EVAL_03 = FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json");

    @TempDir Path dir;

    private String work() {
        return dir.resolve("work").toString();
    }

    /** {@code mixlab eval import PATH --run RUN MORE... --workdir WORK}, which must succeed. */
    private String imported(Path path, String run, String... more) {
        CliRun imported = CliRun.evalImport(path.toString(), run, work(), more);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        return imported.out();
    }

    @Test
    void evalWithoutRunsOrWithoutTrainedRunsIsAUsageError() {
        CliRun bare = CliRun.of("eval");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("either --all or --run RUN").contains("mixlab eval import");
        CliRun both = CliRun.of("eval", "../configs/quickstart.yaml", "--all", "--run", "code-0");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun untrained =
                CliRun.of("eval", "../configs/quickstart.yaml", "--all", "--workdir", work());
        assertThat(untrained.exitCode()).isEqualTo(2);
        assertThat(untrained.err())
                .contains("no trained runs to evaluate")
                .contains("mixlab train");
    }

    @Test
    void importsBothHarnessGenerationsAndTheReportShowsTheirNumbers() throws Exception {
        assertThat(imported(LM_EVAL_03, "pythia-v03"))
                .contains(
                        "7 results (lm-evaluation-harness 0.3 results) for pythia-v03 -> results/pythia-v03--");
        // A directory of harness output: its results_*.json is found.
        assertThat(imported(LM_EVAL_04.getParent(), "pythia-v04", "--phase", "final"))
                .contains("10 results (lm-evaluation-harness 0.4 results) for pythia-v04");

        Path out = dir.resolve("report");
        CliRun compare = CliRun.compare("pythia-v03,pythia-v04", out.toString(), work());
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out())
                .contains("compared 2 runs against pythia-v03 (categories: paper)")
                .contains("report: " + out.resolve("report.html"));

        // acc_norm 0.4006734006734007 (0.3 file) and 0.3994107744107744 (0.4 file), in percent.
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| ARC-Easy | acc_norm | 40.1 ± 2.0 | 39.9 ± 2.0 | -0.3% [-2.9, +2.7] |")
                .contains(
                        "| NL reasoning | 55.3 ± 3.3 (3/11 tasks) | 42.0 ± 0.9 (3/11 tasks) |  | — |")
                .contains("| PIQA | acc_norm | 61.8 ± 2.2 | — |")
                .contains("| TriviaQA | exact_match,remove_whitespace | — | 2.4 ± 0.2 |");
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        assertThat(csv)
                .anyMatch(
                        l ->
                                l.startsWith(
                                        "task,reasoning,ARC-Easy,pythia-v03,pythia-v03,,,acc_norm,true,40.0673,"));
        assertThat(csv)
                .anyMatch(
                        l ->
                                l.startsWith(
                                        "task,reasoning,ARC-Easy,pythia-v04,pythia-v04,final,,acc_norm,true,39.9411,"));
        assertThat(csv).anyMatch(l -> l.startsWith("task,other,lambada_openai,pythia-v03,"));
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }

    @Test
    void malformedFilesExitTwoAndStoreNothing() throws Exception {
        Path bad =
                Files.writeString(
                        dir.resolve("results.json"),
                        "{\"results\": {\"piqa\": {\"acc,none\": \"high\"}}}");
        CliRun run = CliRun.evalImport(LM_EVAL_03.toString(), "r", work(), bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(bad.toString())
                .contains("results.piqa.acc,none")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("work/results")).doesNotExist();

        CliRun noRun = CliRun.of("eval", "import", LM_EVAL_03.toString(), "--workdir", work());
        assertThat(noRun.exitCode()).isEqualTo(2);
        assertThat(noRun.err()).contains("--run NAME");
    }

    @Test
    void compareExplainsWhatIsMissing() throws Exception {
        assertThat(CliRun.of("compare", "--workdir", work()).err())
                .contains("give either --ablation FILE.yaml or --runs");
        CliRun empty = CliRun.of("compare", "--runs", "a,b", "--workdir", work());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("holds no results").contains("mixlab eval import");

        imported(LM_EVAL_03, "r1");
        CliRun unknown = CliRun.of("compare", "--runs", "r1,r2", "--workdir", work());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no results for 'r2'");
        CliRun badBaseline =
                CliRun.of("compare", "--runs", "r1", "--baseline", "r0", "--workdir", work());
        assertThat(badBaseline.exitCode()).isEqualTo(2);
        assertThat(badBaseline.err()).contains("--baseline r0 is not one of the compared runs");
    }

    @Test
    void comparesTheRunsOfAnAblationIntoItsReportDirectory() throws Exception {
        Path spec =
                Files.writeString(
                        dir.resolve("mini.yaml"),
                        """
                name: mini
                sources:
                  - {name: text, kind: text, inputs: corpus/text/*.jsonl}
                  - {name: code, kind: code, inputs: corpus/code/*.jsonl}
                sweeps:
                  - {name: code, values: [0, 0.5], swept: {code: 1.0}, rest: {text: 1.0}, budget: 1M}
                models:
                  tiny: {d_model: 64, n_layers: 2, n_heads: 2}
                runs:
                  - {name: code-0, models: [tiny], phases: [{mixture: code-0, tokens: 1M}]}
                  - {name: code-50, models: [tiny], phases: [{mixture: code-50, tokens: 1M}]}
                """);
        imported(LM_EVAL_03, "code-0-tiny-s0");
        imported(LM_EVAL_04, "code-50-tiny-s0");

        CliRun run = CliRun.of("compare", "--ablation", spec.toString(), "--workdir", work());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("compared 2 runs against code-0-tiny-s0");
        Path report = dir.resolve("work/reports/mini");
        assertThat(report.resolve("report.html")).exists();
        assertThat(Files.readString(report.resolve("report.md")))
                .contains("| code-50-tiny-s0 |  | 50% |");
    }
}
