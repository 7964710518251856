package dev.mixlab.eval.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mixlab.launcher.proxy.ProxyModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-likelihood of continuations under a proxy model, the primitive of every proxy evaluation (as
 * in lm-eval-harness's {@code loglikelihood} requests): for each continuation of a {@link
 * ScoringPlan.Group} the log-probability (nats) of each of its tokens after the group's context.
 * The plan is laid out once per ablation; this runs its batches on one checkpoint.
 */
public final class ContinuationScorer {
    private static final float MASKED = -1e9f;

    private ContinuationScorer() {}

    /**
     * Per group of the plan, per continuation, the log-probability (nats) of each continuation
     * token.
     */
    public static List<List<double[]>> score(ProxyModel model, ScoringPlan plan) {
        List<List<double[]>> out = new ArrayList<>(plan.groups().size());
        for (ScoringPlan.Group group : plan.groups()) {
            List<double[]> slots = new ArrayList<>(group.continuations().size());
            for (int i = 0; i < group.continuations().size(); i++) slots.add(null);
            out.add(slots);
        }
        Engine engine = Engine.getEngine("PyTorch");
        for (ScoringPlan.Batch batch : plan.batches()) {
            float[] losses;
            try (NDManager scope = engine.newBaseManager()) {
                Shape shape = new Shape(batch.rows(), batch.length());
                losses =
                        model.tokenLosses(
                                        scope.create(batch.tokens(), shape),
                                        scope.create(batch.positions(), shape),
                                        scope.create(batch.targets(), shape),
                                        mask(scope, batch))
                                .toFloatArray();
            }
            for (ScoringPlan.Slot slot : batch.slots()) {
                double[] logProbs = new double[slot.length()];
                int base = slot.row() * batch.length() + slot.offset();
                for (int k = 0; k < logProbs.length; k++) logProbs[k] = -losses[base + k];
                out.get(slot.group()).set(slot.continuation(), logProbs);
            }
        }
        return out;
    }

    /**
     * The additive attention mask of a batch ({@code [rows, 1, length, length]}, 0 = may attend): a
     * token sees earlier tokens of the context and of its own continuation.
     */
    private static NDArray mask(NDManager scope, ScoringPlan.Batch batch) {
        int length = batch.length();
        NDArray segments = scope.create(batch.segments(), new Shape(batch.rows(), length));
        NDArray sameBranch = segments.expandDims(2).eq(segments.expandDims(1));
        NDArray contextKey = segments.eq(0).expandDims(1);
        boolean[] lower = new boolean[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j <= i; j++) lower[i * length + j] = true;
        }
        NDArray causal = scope.create(lower, new Shape(length, length));
        NDArray allowed =
                sameBranch.logicalOr(contextKey).logicalAnd(causal).toType(DataType.FLOAT32, false);
        return allowed.sub(1).mul(-MASKED).expandDims(1);
    }
}
