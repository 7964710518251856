package dev.mixlab.eval.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mixlab.launcher.proxy.ProxyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Log-likelihood of continuations under a proxy model, the primitive of every proxy evaluation (as
 * in lm-eval-harness's {@code loglikelihood} requests): for each (context, continuation) the sum of
 * log-probabilities of the continuation's tokens. Inputs longer than the model's window keep their
 * last tokens (the continuation and as much context as fits). Requests are batched by length, one
 * per row.
 */
public final class ContinuationScorer {
    /**
     * A request: token ids of the context (at least one, e.g. the end-of-sequence id as a start
     * marker) and of the continuation.
     */
    public record Request(int[] context, int[] continuation) {
        public Request {
            if (context.length == 0)
                throw new IllegalArgumentException(
                        "a continuation needs at least one context token");
            if (continuation.length == 0) throw new IllegalArgumentException("empty continuation");
        }
    }

    private final ProxyModel model;
    private final int batchRows;
    private final int padId;

    public ContinuationScorer(ProxyModel model, int batchRows, int padId) {
        this.model = model;
        this.batchRows = batchRows;
        this.padId = padId;
    }

    /** Per request, the log-probability (nats) of each continuation token, in request order. */
    public List<double[]> tokenLogProbs(List<Request> requests) {
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> -length(requests.get(i))));
        double[][] out = new double[requests.size()][];
        Engine engine = Engine.getEngine("PyTorch");
        for (int start = 0; start < order.length; start += batchRows) {
            int rows = Math.min(batchRows, order.length - start);
            List<int[]> sequences = new ArrayList<>(rows);
            int length = 0;
            for (int r = 0; r < rows; r++) {
                int[] seq = window(requests.get(order[start + r]));
                sequences.add(seq);
                length = Math.max(length, seq.length - 1);
            }
            int[] inputs = new int[rows * length];
            int[] targets = new int[rows * length];
            Arrays.fill(inputs, padId);
            Arrays.fill(targets, padId);
            for (int r = 0; r < rows; r++) {
                int[] seq = sequences.get(r);
                System.arraycopy(seq, 0, inputs, r * length, seq.length - 1);
                System.arraycopy(seq, 1, targets, r * length, seq.length - 1);
            }
            float[] losses;
            try (NDManager scope = engine.newBaseManager()) {
                Shape shape = new Shape(rows, length);
                NDArray mask =
                        ProxyModel.documentCausalMask(scope, new int[rows * length], rows, length);
                losses =
                        model.tokenLosses(
                                        scope.create(inputs, shape),
                                        scope.create(targets, shape),
                                        mask)
                                .toFloatArray();
            }
            for (int r = 0; r < rows; r++) {
                Request request = requests.get(order[start + r]);
                int[] seq = sequences.get(r);
                int n = request.continuation().length;
                double[] logProbs = new double[n];
                // The continuation's tokens are the last n of the window; target j predicts seq[j +
                // 1].
                for (int k = 0; k < n; k++)
                    logProbs[k] = -losses[r * length + (seq.length - 1 - n + k)];
                out[order[start + r]] = logProbs;
            }
        }
        return Arrays.asList(out);
    }

    private int length(Request r) {
        return Math.min(model.maxLength() + 1, r.context().length + r.continuation().length);
    }

    /**
     * Context + continuation, cut from the left to the model's window plus the first (unpredicted)
     * token.
     */
    private int[] window(Request r) {
        int n = r.continuation().length;
        if (n > model.maxLength()) {
            throw new IllegalArgumentException(
                    "a continuation of "
                            + n
                            + " tokens does not fit the model's "
                            + model.maxLength()
                            + "-token window");
        }
        int keepContext = Math.min(r.context().length, model.maxLength() + 1 - n);
        int[] seq = new int[keepContext + n];
        System.arraycopy(r.context(), r.context().length - keepContext, seq, 0, keepContext);
        System.arraycopy(r.continuation(), 0, seq, keepContext, n);
        return seq;
    }
}
