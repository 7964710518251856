package dev.mixlab.launcher.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov &amp; Hutter) with global gradient-norm clipping, on
 * libtorch's fused Adam update. Unlike DJL's optimizer classes it keeps its moments in named
 * arrays, so a checkpoint holds the complete optimizer state and a resumed run continues exactly
 * where it stopped. Biases and norm scales are not decayed ({@link ProxyModel#decays}).
 */
public final class AdamW implements AutoCloseable {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final double weightDecay;
    private final double gradClip;
    private long updates;

    public AdamW(
            NDManager parent,
            Map<String, NDArray> parameters,
            double weightDecay,
            double gradClip) {
        this.manager = parent.newSubManager();
        this.weightDecay = weightDecay;
        this.gradClip = gradClip;
        parameters.forEach(
                (name, p) -> {
                    means.put(name, manager.zeros(p.getShape()));
                    variances.put(name, manager.zeros(p.getShape()));
                });
    }

    public long updates() {
        return updates;
    }

    /**
     * Clips the gradients to {@code gradClip} total norm, applies one update at {@code lr} and
     * clears them; returns the pre-clip norm.
     */
    public double step(Map<String, NDArray> parameters, double lr) {
        double squared = 0;
        for (NDArray p : parameters.values()) {
            try (NDArray g = p.getGradient();
                    NDArray sq = g.square().sum()) {
                squared += sq.getFloat();
            }
        }
        double norm = Math.sqrt(squared);
        float rescale = (float) (norm > gradClip ? gradClip / norm : 1.0);
        updates++;
        double biasCorrection =
                Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            float decay = ProxyModel.decays(e.getKey()) ? (float) weightDecay : 0f;
            try (NDArray g = p.getGradient()) {
                p.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(p, g, means.get(e.getKey()), variances.get(e.getKey())),
                                new NDList(p),
                                (float) lr,
                                (float) (lr * biasCorrection),
                                decay,
                                rescale,
                                -1f,
                                BETA1,
                                BETA2,
                                EPSILON,
                                false,
                                true);
            }
        }
        return norm;
    }

    /** The moments, named {@code m:<parameter>} and {@code v:<parameter>}. */
    public NDList toNDList() {
        NDList list = new NDList();
        means.forEach(
                (name, m) -> {
                    m.setName("m:" + name);
                    list.add(m);
                });
        variances.forEach(
                (name, v) -> {
                    v.setName("v:" + name);
                    list.add(v);
                });
        return list;
    }

    /** Restores the moments and the update count saved by {@link #toNDList}. */
    public void restore(NDList saved, long savedUpdates) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : saved) byName.put(a.getName(), a);
        for (String prefix : List.of("m:", "v:")) {
            Map<String, NDArray> target = prefix.equals("m:") ? means : variances;
            target.forEach(
                    (name, array) -> {
                        NDArray stored = byName.get(prefix + name);
                        if (stored == null || !stored.getShape().equals(array.getShape())) {
                            throw new IllegalStateException(
                                    "optimizer checkpoint has no matching moment for " + name);
                        }
                        array.set(stored.toFloatArray());
                    });
        }
        this.updates = savedUpdates;
    }

    @Override
    public void close() {
        manager.close();
    }
}
