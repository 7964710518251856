package dev.mixlab.eval.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.launcher.ByteMixtures;
import dev.mixlab.launcher.backend.CommandBackend;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.launcher.run.RunRecord.Status;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code eval.command} on runs trained by an external command: a harness that writes lm-eval 0.4
 * results has them imported for its run and phase; one that crashes, or that exits 0 leaving no
 * results file, marks only its own phase's evaluation failed in run.json (with the reason and the
 * log) while the other runs are evaluated.
 */
class ExternalEvaluatorTest {
    @RegisterExtension
    static final ByteMixtures MIXTURES = new ByteMixtures(ExternalEvaluatorTest::specIn, 40);

    static List<ExternalEvaluator.Outcome> outcomes = new ArrayList<>();
    static List<String> lines = new ArrayList<>();

    /**
     * Three runs trained by a command that only makes their checkpoint directories, and evaluated
     * by a harness that copies {@code lm-eval.json} (written in {@code dir}) for runs named ok*.
     */
    private static String specIn(Path dir) {
        try {
            Files.writeString(
                    dir.resolve("lm-eval.json"),
                    """
                {"results": {"arc_easy": {"alias": "arc_easy", "acc,none": 0.61, "acc_stderr,none": 0.01,
                  "acc_norm,none": 0.58, "acc_norm_stderr,none": 0.01}},
                 "n-samples": {"arc_easy": {"original": 2376, "effective": 2376}}}
                """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The evaluator: lm-eval's layout for runs named ok*, a crash for crash*, nothing else.
        String harness =
                "case {run} in ok*) mkdir -p {output_dir}/model && cp "
                        + dir.resolve("lm-eval.json")
                        + " {output_dir}/model/results_$(date +%s%N).json; echo scored {checkpoint} on {device};; "
                        + "crash*) echo CUDA out of memory >&2; exit 3;; *) echo wrote nothing;; esac";
        String yaml =
                ByteMixtures.spec(
                        "external-eval",
                        """
                mixtures:
                  - {name: text, weights: {text: 1.0}, budget: 8K}
                models:
                  tiny: {d_model: 16, n_layers: 1, n_heads: 2}
                training: {backend: command, batch_size: 4, command: {template: "mkdir -p {final_checkpoint}"}}
                runs:
                  - {name: ok, models: [tiny], phases: [{name: pretrain, mixture: text, tokens: 2K}, {name: continue, mixture: text, tokens: 2K}]}
                  - {name: crash, models: [tiny], phases: [{mixture: text, tokens: 2K}]}
                  - {name: silent, models: [tiny], phases: [{mixture: text, tokens: 2K}]}
                eval:
                  device: cpu
                  command: {template: "EVALUATOR"}
                """
                                .replace("EVALUATOR", harness));
        return yaml;
    }

    @BeforeAll
    static void trainWithACommandAndEvaluate() throws Exception {
        MIXTURES.trainAll(new CommandBackend(MIXTURES.spec().training().command()));
        ExternalEvaluator evaluator = new ExternalEvaluator(MIXTURES.spec(), MIXTURES.work());
        ResultsStore store = ResultsStore.open(MIXTURES.work().root());
        for (var run : MIXTURES.spec().runs())
            outcomes.addAll(evaluator.evaluate(run, false, store, lines::add));
    }

    private static RunRecord.Evaluation evaluation(String run, String phase) {
        return RunRecord.read(MIXTURES.work().run(run))
                .orElseThrow()
                .phase(phase)
                .orElseThrow()
                .evaluation();
    }

    @Test
    void lmEvalResultsLeftInTheOutputDirectoryAreImportedPerPhase() throws Exception {
        for (String phase : List.of("pretrain", "continue")) {
            RunRecord.Evaluation e = evaluation("ok-tiny-s0", phase);
            assertThat(e.status()).isEqualTo(Status.completed);
            assertThat(e.results()).hasSize(1);
            assertThat(e.results().get(0)).startsWith("eval/" + phase + "/model/results_");
            assertThat(MIXTURES.work().run("ok-tiny-s0").resolve(e.log()))
                    .content()
                    .contains(
                            "scored "
                                    + MIXTURES.work()
                                            .run("ok-tiny-s0")
                                            .resolve("checkpoints/" + phase + "/final"))
                    .contains("on cpu");
        }
        assertThat(ResultsStore.open(MIXTURES.work().root()).results())
                .filteredOn(r -> r.metric().equals("acc_norm"))
                .extracting(r -> r.run() + "/" + r.phase() + " " + r.task() + " " + r.value())
                .containsExactlyInAnyOrder(
                        "ok-tiny-s0/pretrain arc_easy 0.58", "ok-tiny-s0/continue arc_easy 0.58");
    }

    @Test
    void aCrashingEvaluatorFailsItsPhaseWithTheLogAndTheOthersGoOn() {
        RunRecord.Evaluation e = evaluation("crash-tiny-s0", "pretrain");
        assertThat(e.status()).isEqualTo(Status.failed);
        assertThat(e.error()).contains("exited with code 3").contains(e.log());
        assertThat(MIXTURES.work().run("crash-tiny-s0").resolve(e.log()))
                .content()
                .contains("CUDA out of memory");
        // The run itself stays completed: only its evaluation failed.
        assertThat(RunRecord.read(MIXTURES.work().run("crash-tiny-s0")).orElseThrow().status())
                .isEqualTo(Status.completed);
        assertThat(outcomes).filteredOn(o -> !o.failed()).hasSize(2);
    }

    @Test
    void anEvaluatorThatLeavesNoResultsFileFailsNamingTheDirectory() {
        RunRecord.Evaluation e = evaluation("silent-tiny-s0", "pretrain");
        assertThat(e.status()).isEqualTo(Status.failed);
        assertThat(e.error())
                .contains(
                        "left no results file in "
                                + MIXTURES.work().run("silent-tiny-s0").resolve("eval/pretrain"));
    }

    @Test
    void aCompletedEvaluationIsNotRunAgain() {
        List<ExternalEvaluator.Outcome> again =
                new ExternalEvaluator(MIXTURES.spec(), MIXTURES.work())
                        .evaluate(
                                MIXTURES.spec().runs().get(0),
                                false,
                                ResultsStore.open(MIXTURES.work().root()),
                                l -> {});
        assertThat(again).allMatch(ExternalEvaluator.Outcome::reused);
    }

    @Test
    void anUnknownPlaceholderIsRefusedNamingIt() throws Exception {
        Path file = MIXTURES.dir().resolve("bad.yaml");
        Files.writeString(
                file,
                Files.readString(MIXTURES.spec().file())
                        .replaceFirst(
                                "command: \\{template: \"case",
                                "command: {template: \"echo {checkpiont}; case"));
        AblationSpec bad = SpecLoader.load(file);
        assertThatThrownBy(() -> ExternalEvaluator.check(bad))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("eval.command: unknown placeholder {checkpiont}")
                .hasMessageContaining("{checkpoint}");
    }

    @Test
    void theEvalDataHoldsTheHeldOutDocumentsWithTheirBytes() throws Exception {
        Path data = EvalData.prepare(MIXTURES.spec(), MIXTURES.work());
        JsonNode info = new ObjectMapper().readTree(data.resolve(EvalData.FILE_NAME).toFile());
        JsonNode text = info.path("heldout").path("text");
        long tokens = text.path("tokens").asLong();
        assertThat(Files.size(data.resolve(text.path("tokens_file").asText())))
                .isEqualTo(4 * tokens);
        List<String> docs = Files.readAllLines(data.resolve(text.path("documents_file").asText()));
        assertThat(docs.get(0)).isEqualTo("start,end,bytes,lang");
        assertThat(docs).hasSize(text.path("documents").asInt() + 1);
        assertThat(docs.get(docs.size() - 1).split(",")[1]).isEqualTo(Long.toString(tokens));
        // bytes tokenizer: a document is its bytes plus the closing end-of-sequence id.
        long bytes = docs.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        assertThat(bytes)
                .isEqualTo(text.path("bytes").asLong())
                .isEqualTo(tokens - text.path("documents").asLong());
        assertThat(data).isEqualTo(EvalData.prepare(MIXTURES.spec(), MIXTURES.work()));
    }
}
