package dev.mixlab.eval.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.HarnessOutput;
import dev.mixlab.eval.SampleScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultImportersTest {
    @TempDir Path dir;

    private static EvalResult only(ImportedFile file, String task, String metric) {
        List<EvalResult> found =
                file.results().stream()
                        .filter(r -> r.task().equals(task) && r.metric().equals(metric))
                        .toList();
        assertThat(found).as(task + " " + metric).hasSize(1);
        return found.get(0);
    }

    /** The shipped harness output {@code name} imported for {@code run}, with no phase. */
    private ImportedFile importedFixture(String name, String run) throws Exception {
        return ResultImporters.read(HarnessOutput.fixture(name, dir), run, null);
    }

    @Test
    void readsSecondGenerationHarnessOutput() throws Exception {
        Path file =
                HarnessOutput.fixture(
                        "lm-eval-0.4/pythia-160m/results_2024-06-03T09-14-27.512345.json", dir);
        ImportedFile imported = ResultImporters.read(file, "pythia-160m", "final");

        assertThat(imported.format()).isEqualTo(ResultFormat.LM_EVAL_04);
        EvalResult accNorm = only(imported, "arc_easy", "acc_norm");
        assertThat(accNorm.value()).isEqualTo(0.3994107744107744);
        assertThat(accNorm.stderr()).isEqualTo(0.010050018228742118);
        assertThat(accNorm.filter()).isEqualTo("none");
        assertThat(accNorm.samples()).isEqualTo(2376L);
        assertThat(accNorm.higherIsBetter()).isTrue();
        assertThat(accNorm.run()).isEqualTo("pythia-160m");
        assertThat(accNorm.phase()).isEqualTo("final");
        assertThat(accNorm.sourceFile()).isEqualTo(file.toAbsolutePath().normalize().toString());

        EvalResult trivia = only(imported, "triviaqa", "exact_match");
        assertThat(trivia.filter()).isEqualTo("remove_whitespace");
        assertThat(trivia.value()).isEqualTo(0.0242);
        assertThat(trivia.stderr()).isEqualTo(0.0011468);
        EvalResult humaneval = only(imported, "humaneval", "pass@1");
        assertThat(humaneval.filter()).isEqualTo("create_test");
        assertThat(humaneval.samples()).isEqualTo(164L);

        // The group is in both "results" and "groups": kept once, flagged, its "N/A" stderr read as
        // unknown.
        EvalResult mmlu = only(imported, "mmlu", "acc");
        assertThat(mmlu.group()).isTrue();
        assertThat(mmlu.stderr()).isNull();
        assertThat(only(imported, "mmlu_anatomy", "acc").group()).isFalse();
        // Every metric of every task, none of the stderr or alias keys.
        assertThat(imported.results()).hasSize(10);
        assertThat(imported.results())
                .noneMatch(r -> r.metric().contains("stderr") || r.metric().equals("alias"));
        assertThat(imported.samples()).isEmpty();
    }

    @Test
    void readsFirstGenerationHarnessOutput() throws Exception {
        ImportedFile imported =
                importedFixture("lm-eval-0.3/pythia-160m-results.json", "pythia-160m");

        assertThat(imported.format()).isEqualTo(ResultFormat.LM_EVAL_03);
        EvalResult piqa = only(imported, "piqa", "acc_norm");
        assertThat(piqa.value()).isEqualTo(0.6175190424374319);
        assertThat(piqa.stderr()).isEqualTo(0.011339019654272349);
        assertThat(piqa.filter()).isNull();
        assertThat(piqa.samples()).isNull();
        assertThat(piqa.higherIsBetter()).isNull();
        // Unknown tasks and metrics are kept.
        assertThat(only(imported, "lambada_openai", "ppl").value()).isEqualTo(38.29245766052374);
        assertThat(imported.results()).extracting(EvalResult::format).containsOnly("lm-eval-0.3");
        assertThat(imported.results()).hasSize(7);
    }

    @Test
    void readsPerExampleScoresWrittenWithLogSamples() throws Exception {
        Path file =
                new HarnessOutput()
                        .examples("copa", 1, 0, 1, 1)
                        .task("piqa", "acc_norm", 0.6, 0.01, 1838)
                        .write(dir.resolve("out"));
        ImportedFile imported = ResultImporters.read(file, "r1", "pretrain");

        assertThat(imported.samples())
                .extracting(SampleScore::docId)
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(imported.samples())
                .extracting(SampleScore::value)
                .containsExactly(1.0, 0.0, 1.0, 1.0);
        assertThat(imported.samples())
                .allMatch(
                        s ->
                                s.task().equals("copa")
                                        && s.metric().equals("acc")
                                        && "none".equals(s.filter())
                                        && s.run().equals("r1")
                                        && s.phase().equals("pretrain"));
        assertThat(only(imported, "copa", "acc").value()).isEqualTo(0.75);
    }

    @Test
    void readsBigcodeEvaluationResults() throws Exception {
        ImportedFile imported =
                importedFixture("bigcode/evaluation_results.json", "tiny-starcoder");

        assertThat(imported.format()).isEqualTo(ResultFormat.BIGCODE);
        assertThat(imported.results())
                .extracting(r -> r.task() + " " + r.metric() + " " + r.value())
                .containsExactly(
                        "humaneval pass@1 0.0871951219512195",
                        "humaneval pass@10 0.15243902439024393",
                        "mbpp pass@1 0.1184");
        assertThat(imported.results())
                .allMatch(r -> r.stderr() == null && r.run().equals("tiny-starcoder"));
    }

    @Test
    void turnsPairwiseVerdictsIntoWinRatesWithTiesAsHalf() throws Exception {
        ImportedFile imported = importedFixture("pairwise/dolly200.jsonl", null);

        assertThat(imported.format()).isEqualTo(ResultFormat.PAIRWISE);
        EvalResult vsText =
                imported.results().stream()
                        .filter(
                                r ->
                                        r.run().equals("balanced-text")
                                                && "text-only".equals(r.opponent()))
                        .findFirst()
                        .orElseThrow();
        assertThat(vsText.task()).isEqualTo("dolly200");
        assertThat(vsText.metric()).isEqualTo("win_rate");
        assertThat(vsText.value()).isEqualTo(0.7); // (6 wins + 2 ties / 2) / 10
        assertThat(vsText.samples()).isEqualTo(10L);
        assertThat(vsText.stderr()).isCloseTo(Math.sqrt(0.7 * 0.3 / 10), within(1e-12));
        EvalResult pooled =
                imported.results().stream()
                        .filter(r -> r.run().equals("balanced-text") && r.opponent() == null)
                        .findFirst()
                        .orElseThrow();
        assertThat(pooled.value()).isEqualTo(8.0 / 12); // plus 1 win and 1 loss against code-text
        EvalResult textOnly =
                imported.results().stream()
                        .filter(r -> r.run().equals("text-only") && r.opponent() == null)
                        .findFirst()
                        .orElseThrow();
        assertThat(textOnly.value()).isCloseTo(0.3, within(1e-12));

        ImportedFile one =
                ResultImporters.read(dir.resolve("pairwise/dolly200.jsonl"), "code-text", null);
        assertThat(one.results()).extracting(EvalResult::run).containsOnly("code-text");
        assertThatThrownBy(
                        () ->
                                ResultImporters.read(
                                        dir.resolve("pairwise/dolly200.jsonl"), "nobody", null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("dolly200.jsonl")
                .hasMessageContaining("not one of the judged models");
    }

    @Test
    void rejectsMalformedFilesNamingFileAndReason() throws Exception {
        Path notJson =
                Files.writeString(
                        dir.resolve("broken.json"),
                        "{\"results\": {\"arc_easy\": {\"acc,none\": 0.4,}}");
        assertThatThrownBy(() -> ResultImporters.read(notJson, "r", null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageStartingWith(notJson.toString())
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1");

        Path badValue =
                Files.writeString(
                        dir.resolve("bad-value.json"),
                        "{\"results\": {\"arc_easy\": {\"acc,none\": 0.4}, \"piqa\": {\"acc,none\": \"high\"}}}");
        assertThatThrownBy(() -> ResultImporters.read(badValue, "r", null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("bad-value.json")
                .hasMessageContaining("results.piqa.acc,none")
                .hasMessageContaining("\"high\"");

        Path badTask =
                Files.writeString(
                        dir.resolve("bad-task.json"), "{\"results\": {\"arc_easy\": 0.4}}");
        assertThatThrownBy(() -> ResultImporters.read(badTask, "r", null))
                .hasMessageContaining("results.arc_easy must be an object");

        Path unknown = Files.writeString(dir.resolve("other.json"), "{\"accuracy\": 0.4}");
        assertThatThrownBy(() -> ResultImporters.read(unknown, "r", null))
                .hasMessageContaining("not a results file mixlab knows");

        Path verdicts =
                Files.writeString(
                        dir.resolve("judge.jsonl"),
                        "{\"model_a\": \"a\", \"model_b\": \"b\", \"verdict\": \"win\"}\n{\"model_a\": \"a\", \"model_b\": \"b\", \"verdict\": \"A>B\"}\n");
        assertThatThrownBy(() -> ResultImporters.read(verdicts, null, null))
                .hasMessageContaining("judge.jsonl: line 2")
                .hasMessageContaining("win, tie or loss");

        Path results = HarnessOutput.fixture("lm-eval-0.3/pythia-160m-results.json", dir);
        assertThatThrownBy(() -> ResultImporters.read(results, null, null))
                .hasMessageContaining("--run NAME");
        assertThatThrownBy(() -> ResultImporters.read(dir.resolve("absent.json"), "r", null))
                .hasMessageContaining("absent.json: no such file");
        // A named pipe among the paths would block the import forever (issue 12, point 5).
        Path pipe = dir.resolve("results_pipe.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ResultImporters.resultFiles(pipe))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("results_pipe.json: is not a regular file");
    }

    @Test
    void malformedSamplesFileRejectsTheImport() throws Exception {
        Path file = new HarnessOutput().examples("copa", 1, 0, 1).write(dir);
        Files.writeString(
                dir.resolve("samples_copa_" + HarnessOutput.TIMESTAMP + ".jsonl"),
                "{\"acc\": 1.0}\n");
        assertThatThrownBy(() -> ResultImporters.read(file, "r", null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("samples_copa_")
                .hasMessageContaining("line 1")
                .hasMessageContaining("doc_id");
    }
}
