package dev.mixlab.eval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.HarnessOutput;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.stats.Interval;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir Path dir;

    private ResultsStore store;

    private Comparison compare(List<String> runs, String baseline) {
        return Comparison.ofRuns(runs, store, baseline, CategorySet.paper());
    }

    private void importFor(String run, HarnessOutput output) throws Exception {
        store.importFile(output.write(dir.resolve("out").resolve(run)), run);
    }

    @Test
    void listsMissingTasksAndKeepsIncompleteCategoriesFromWinning() throws Exception {
        store = ResultsStore.open(dir);
        importFor(
                "full",
                new HarnessOutput()
                        .task("boolq", "acc", 0.60, 0.01, 3270)
                        .task("piqa", "acc_norm", 0.60, 0.01, 1838)
                        .task("triviaqa", "exact_match,remove_whitespace", 0.10, 0.002, 17944)
                        .task("nq_open", "exact_match,remove_whitespace", 0.05, 0.004, 3610));
        importFor(
                "partial",
                new HarnessOutput()
                        .task("boolq", "acc", 0.90, 0.01, 3270)
                        .task("lambada_openai", "acc", 0.3, 0.01, 5153));

        Comparison comparison = compare(List.of("full", "partial"), "full");
        Subject full = comparison.subjects().get(0);
        Subject partial = comparison.subjects().get(1);
        Comparison.Row reasoning = comparison.categoryRow("reasoning").orElseThrow();

        Score partialReasoning = reasoning.score(partial).orElseThrow();
        assertThat(partialReasoning.value()).isCloseTo(90.0, within(1e-9));
        assertThat(partialReasoning.covered()).isEqualTo(1);
        assertThat(partialReasoning.expected()).isEqualTo(11);
        assertThat(partialReasoning.missing())
                .contains("PIQA", "SciQ", "Social IQa", "ARC-Easy")
                .doesNotContain("BoolQ")
                .hasSize(10);
        assertThat(reasoning.score(full).orElseThrow().missing()).hasSize(9);
        // Higher but incomplete: neither is complete, so no best run is named.
        assertThat(reasoning.best()).isEmpty();
        // Knowledge is complete for "full" only; NL Avg needs both categories.
        assertThat(comparison.categoryRow("knowledge").orElseThrow().best()).contains(full);
        assertThat(comparison.categoryRow("nl_avg").orElseThrow().score(partial)).isEmpty();
        assertThat(comparison.categoryRow("nl_avg").orElseThrow().score(full).orElseThrow().value())
                .isCloseTo((60 + 7.5) / 2, within(1e-9));
        // Tasks of no category are kept, in their own section.
        assertThat(comparison.taskRows())
                .filteredOn(r -> r.section().equals("other"))
                .extracting(Comparison.Row::key)
                .containsExactly("lambada_openai");
    }

    @Test
    void proxyBitsPerByteAreLowerIsBetter() throws Exception {
        store = ResultsStore.open(dir);
        importFor(
                "code-0",
                new HarnessOutput()
                        .lowerIsBetter("bpb")
                        .task("mixlab_bpb_code", "bpb", 2.0, 0.01, 100)
                        .task("mixlab_bpb_text", "bpb", 1.2, 0.01, 100)
                        .task("mixlab_probe_code", "acc", 0.4, 0.02, 200));
        importFor(
                "code-50",
                new HarnessOutput()
                        .lowerIsBetter("bpb")
                        .task("mixlab_bpb_code", "bpb", 1.5, 0.01, 100)
                        .task("mixlab_bpb_text", "bpb", 1.3, 0.01, 100)
                        .task("mixlab_probe_code", "acc", 0.5, 0.02, 200));

        Comparison comparison = compare(List.of("code-0", "code-50"), null);
        Subject code50 = comparison.subjects().get(1);
        Comparison.Row bpb = comparison.categoryRow("bpb").orElseThrow();
        assertThat(bpb.higherIsBetter()).isFalse();
        assertThat(bpb.proxy()).isTrue();
        assertThat(bpb.score(code50).orElseThrow().value())
                .isCloseTo(1.4, within(1e-12)); // not scaled to percent
        assertThat(bpb.best()).contains(code50);
        Comparison.Row codeBpb =
                comparison.taskRows().stream()
                        .filter(r -> r.key().equals("code") && r.section().equals("bpb"))
                        .findFirst()
                        .orElseThrow();
        assertThat(RelativeChange.format(1.5, 2.0)).isEqualTo("-25.0%");
        assertThat(RelativeChange.improvement(1.5, 2.0, codeBpb.higherIsBetter()))
                .isCloseTo(0.25, within(1e-12));
        assertThat(
                        comparison
                                .categoryRow("probes")
                                .orElseThrow()
                                .score(code50)
                                .orElseThrow()
                                .value())
                .isCloseTo(50, within(1e-9));
    }

    @Test
    void pairsExamplesWhenBothRunsLoggedThem() throws Exception {
        store = ResultsStore.open(dir);
        int[] base = new int[200];
        int[] better = new int[200];
        for (int i = 0; i < 200; i++) {
            base[i] = i % 2;
            better[i] =
                    i % 10 == 0 ? 1 : base[i]; // the same answers plus 20 more correct: +10 points
        }
        importFor(
                "base",
                new HarnessOutput()
                        .examples("copa", base)
                        .task("piqa", "acc_norm", 0.6, 0.011, 1838));
        importFor(
                "better",
                new HarnessOutput()
                        .examples("copa", better)
                        .task("piqa", "acc_norm", 0.62, 0.011, 1838));

        Comparison comparison = compare(List.of("base", "better"), "base");
        Subject subject = comparison.subjects().get(1);
        Comparison.Row copa =
                comparison.taskRows().stream()
                        .filter(r -> r.key().equals("COPA"))
                        .findFirst()
                        .orElseThrow();
        Interval paired = comparison.differenceInterval(copa, subject);
        assertThat(paired.method()).isEqualTo("paired bootstrap");
        assertThat(paired.low()).isPositive(); // every change is an improvement
        assertThat(paired.low()).isLessThan(10.0);
        assertThat(paired.high()).isGreaterThan(10.0).isLessThan(20.0);
        Score a = copa.score(comparison.baseline()).orElseThrow();
        Score b = copa.score(subject).orElseThrow();
        double unpairedHalfWidth = Interval.Z95 * Math.hypot(a.stderr(), b.stderr());
        assertThat(paired.halfWidth()).isLessThan(unpairedHalfWidth / 2);

        Comparison.Row piqa =
                comparison.taskRows().stream()
                        .filter(r -> r.key().equals("PIQA"))
                        .findFirst()
                        .orElseThrow();
        Interval fromStderr = comparison.differenceInterval(piqa, subject);
        assertThat(fromStderr.method()).isEqualTo("stderr");
        assertThat(fromStderr.low() + fromStderr.high()).isCloseTo(2 * 2.0, within(1e-9));
        assertThat(fromStderr.halfWidth())
                .isCloseTo(Interval.Z95 * Math.hypot(1.1, 1.1), within(1e-9));
    }

    @Test
    void generativeCategoryUsesPooledWinRates() throws Exception {
        store = ResultsStore.open(dir);
        store.importFile(
                dev.mixlab.eval.HarnessOutput.fixture("pairwise/dolly200.jsonl", dir), null);
        Comparison comparison =
                compare(List.of("text-only", "balanced-text", "code-text"), "text-only");
        Comparison.Row generative = comparison.categoryRow("generative").orElseThrow();
        assertThat(generative.score(comparison.subjects().get(1)).orElseThrow().value())
                .isCloseTo(800.0 / 12, within(1e-9));
        assertThat(generative.score(comparison.subjects().get(0)).orElseThrow().value())
                .isCloseTo(30.0, within(1e-9));
    }

    @Test
    void namesWhatIsMissingWhenRunsOrBaselinesAreUnknown() throws Exception {
        store = ResultsStore.open(dir);
        importFor("r1", new HarnessOutput().task("boolq", "acc", 0.6, 0.01, 3270));
        assertThatThrownBy(() -> compare(List.of("r1", "r9"), null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("no results for 'r9'")
                .hasMessageContaining("mixlab eval import FILE --run r9")
                .hasMessageContaining("[r1]");
        assertThatThrownBy(() -> compare(List.of("r1"), "r2"))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("--baseline r2 is not one of the compared runs: [r1]");
    }
}
