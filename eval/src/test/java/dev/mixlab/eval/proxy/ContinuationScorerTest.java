package dev.mixlab.eval.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mixlab.launcher.proxy.ProxyModel;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Continuations scored together after their shared context (one row, one branch each) get the
 * log-probabilities they get alone: checked against the model's plain causal forward pass of each
 * context + continuation, for rotary and learned positions, with contexts shorter and longer than
 * the window.
 */
class ContinuationScorerTest {
    private static final int WINDOW = 48;
    private static final int VOCAB = 257;

    @ParameterizedTest
    @ValueSource(strings = {"rotary", "learned"})
    void sharedContextBranchesScoreAsEachContinuationAlone(String positions) {
        SplittableRandom random = new SplittableRandom(7);
        List<ScoringPlan.Group> groups = new ArrayList<>();
        for (int contextLength : new int[] {1, 5, 20, 100}) {
            List<int[]> continuations = new ArrayList<>();
            for (int length : new int[] {3, 9, 1, 14}) continuations.add(ids(random, length));
            groups.add(new ScoringPlan.Group(ids(random, contextLength), continuations));
        }
        // A single long continuation, as bits per byte scores a document's first window.
        groups.add(ScoringPlan.Group.of(ids(random, 1), ids(random, WINDOW)));
        // Small batches: several batches, rows of different lengths padded in each.
        ScoringPlan plan = ScoringPlan.of(groups, WINDOW, 256, 2 * WINDOW);
        assertThat(plan.tokens()).isGreaterThan(0);

        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                ProxyModel model =
                        ProxyModel.initialise(
                                manager,
                                new ModelSpec("t", 32, 2, 2, 64, positions),
                                VOCAB,
                                WINDOW,
                                11)) {
            List<List<double[]>> scored = ContinuationScorer.score(model, plan);
            for (int g = 0; g < groups.size(); g++) {
                ScoringPlan.Group group = groups.get(g);
                int longest =
                        group.continuations().stream().mapToInt(c -> c.length).max().orElseThrow();
                int keep = Math.min(group.context().length, WINDOW + 1 - longest);
                int[] context =
                        Arrays.copyOfRange(
                                group.context(),
                                group.context().length - keep,
                                group.context().length);
                for (int c = 0; c < group.continuations().size(); c++) {
                    double[] alone = alone(manager, model, context, group.continuations().get(c));
                    assertThat(scored.get(g).get(c))
                            .as("group %d continuation %d", g, c)
                            .containsExactly(alone, within(2e-4));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void aContinuationLongerThanTheWindowIsRejected(int contextLength) {
        ScoringPlan.Group group = ScoringPlan.Group.of(new int[contextLength], new int[WINDOW + 1]);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ScoringPlan.of(List.of(group), WINDOW, 0, 1024))
                .hasMessageContaining("does not fit the model's 48-token window");
    }

    /**
     * Log-probabilities of {@code continuation} after {@code context} from the model's plain causal
     * pass over their concatenation (positions 0..n-1, no branches).
     */
    private static double[] alone(
            NDManager manager, ProxyModel model, int[] context, int[] continuation) {
        int[] sequence = new int[context.length + continuation.length];
        System.arraycopy(context, 0, sequence, 0, context.length);
        System.arraycopy(continuation, 0, sequence, context.length, continuation.length);
        int length = sequence.length - 1;
        try (NDManager scope = manager.newSubManager()) {
            NDArray tokens =
                    scope.create(Arrays.copyOfRange(sequence, 0, length), new Shape(1, length));
            NDArray mask = ProxyModel.documentCausalMask(scope, new int[length], 1, length);
            float[] logProbs = model.logProbabilities(tokens, mask).toFloatArray();
            double[] out = new double[continuation.length];
            for (int k = 0; k < continuation.length; k++) {
                int position = context.length - 1 + k;
                out[k] = logProbs[position * VOCAB + continuation[k]];
            }
            return out;
        }
    }

    private static int[] ids(SplittableRandom random, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = random.nextInt(VOCAB);
        return ids;
    }
}
