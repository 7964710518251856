package dev.mixlab.launcher.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A GPT-style decoder-only transformer on DJL NDArrays: token embedding, learned or rotary
 * positions, pre-norm blocks (causal self-attention, GELU MLP), a final LayerNorm and an output
 * layer tied to the token embedding.
 *
 * <p>The parameters are plain named arrays rather than DJL {@code Block}s so that the trainer owns
 * the optimizer state and can checkpoint and restore all of it exactly. Initialisation follows
 * GPT-2: N(0, 0.02) weights, residual output projections scaled by 1/√(2·layers), zero biases, unit
 * norms; it draws from a seeded {@link SplittableRandom}, so the same seed gives the same model on
 * any engine.
 */
public final class ProxyModel implements AutoCloseable {
    public static final String LEARNED = "learned";
    public static final String ROTARY = "rotary";
    private static final float MASKED = -1e9f;
    private static final float NORM_EPS = 1e-5f;

    private final ModelSpec spec;
    private final int vocab;
    private final int maxLength;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray rotaryCos;
    private final NDArray rotarySin;

    private ProxyModel(
            ModelSpec spec,
            int vocab,
            int maxLength,
            NDManager manager,
            Map<String, NDArray> parameters) {
        this.spec = spec;
        this.vocab = vocab;
        this.maxLength = maxLength;
        this.manager = manager;
        this.parameters = parameters;
        if (spec.positions().equals(ROTARY)) {
            NDArray[] table = rotaryTables(manager, maxLength, spec.dModel() / spec.nHeads());
            rotaryCos = table[0];
            rotarySin = table[1];
        } else {
            rotaryCos = null;
            rotarySin = null;
        }
    }

    /** A freshly initialised model whose arrays live in a child of {@code parent}. */
    public static ProxyModel initialise(
            NDManager parent, ModelSpec spec, int vocab, int maxLength, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return build(
                parent,
                spec,
                vocab,
                maxLength,
                (manager, std, rows, cols) -> normal(manager, random, std, rows, cols));
    }

    /**
     * How weight matrices are created: drawn for a new model, left empty for one about to be
     * restored.
     */
    private interface Matrices {
        NDArray create(NDManager manager, float std, int rows, int cols);
    }

    private static ProxyModel build(
            NDManager parent, ModelSpec spec, int vocab, int maxLength, Matrices matrices) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> p = new LinkedHashMap<>();
        int d = spec.dModel();
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * spec.nLayers()));
        p.put("tok_emb.weight", matrices.create(manager, 0.02f, vocab, d));
        if (spec.positions().equals(LEARNED))
            p.put("pos_emb.weight", matrices.create(manager, 0.02f, maxLength, d));
        for (int layer = 0; layer < spec.nLayers(); layer++) {
            String b = "block" + layer + ".";
            p.put(b + "ln1.gamma", manager.ones(new Shape(d)));
            p.put(b + "ln1.beta", manager.zeros(new Shape(d)));
            p.put(b + "attn.qkv.weight", matrices.create(manager, 0.02f, 3 * d, d));
            p.put(b + "attn.qkv.bias", manager.zeros(new Shape(3L * d)));
            p.put(b + "attn.out.weight", matrices.create(manager, residualStd, d, d));
            p.put(b + "attn.out.bias", manager.zeros(new Shape(d)));
            p.put(b + "ln2.gamma", manager.ones(new Shape(d)));
            p.put(b + "ln2.beta", manager.zeros(new Shape(d)));
            p.put(b + "mlp.in.weight", matrices.create(manager, 0.02f, spec.dMlp(), d));
            p.put(b + "mlp.in.bias", manager.zeros(new Shape(spec.dMlp())));
            p.put(b + "mlp.out.weight", matrices.create(manager, residualStd, d, spec.dMlp()));
            p.put(b + "mlp.out.bias", manager.zeros(new Shape(d)));
        }
        p.put("ln_f.gamma", manager.ones(new Shape(d)));
        p.put("ln_f.beta", manager.zeros(new Shape(d)));
        return withGradients(new ProxyModel(spec, vocab, maxLength, manager, p));
    }

    /**
     * A model restored from arrays named as {@link #parameters()} names them; shapes must match the
     * spec.
     */
    public static ProxyModel restore(
            NDManager parent, ModelSpec spec, int vocab, int maxLength, NDList saved) {
        ProxyModel fresh =
                build(
                        parent,
                        spec,
                        vocab,
                        maxLength,
                        (manager, std, rows, cols) -> manager.zeros(new Shape(rows, cols)));
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray array : saved) byName.put(array.getName(), array);
        for (Map.Entry<String, NDArray> e : fresh.parameters.entrySet()) {
            NDArray stored = byName.get(e.getKey());
            if (stored == null || !stored.getShape().equals(e.getValue().getShape())) {
                throw new IllegalStateException(
                        "checkpoint does not fit model '"
                                + spec.name()
                                + "': parameter "
                                + e.getKey()
                                + (stored == null
                                        ? " is missing"
                                        : " has shape "
                                                + stored.getShape()
                                                + ", the model needs "
                                                + e.getValue().getShape()));
            }
            e.getValue().set(stored.toFloatArray());
        }
        return fresh;
    }

    private static ProxyModel withGradients(ProxyModel model) {
        for (NDArray array : model.parameters.values()) array.setRequiresGradient(true);
        return model;
    }

    private static NDArray normal(
            NDManager manager, SplittableRandom random, float std, int rows, int cols) {
        float[] values = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < values.length; i++) values[i] = (float) (gaussian(random) * std);
        return manager.create(values, new Shape(rows, cols));
    }

    /** Box–Muller on the seeded generator (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static NDArray[] rotaryTables(NDManager manager, int length, int headDim) {
        int half = headDim / 2;
        float[] cos = new float[length * headDim];
        float[] sin = new float[length * headDim];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; i < half; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / headDim);
                cos[pos * headDim + i] = cos[pos * headDim + i + half] = (float) Math.cos(angle);
                sin[pos * headDim + i] = sin[pos * headDim + i + half] = (float) Math.sin(angle);
            }
        }
        return new NDArray[] {
            manager.create(cos, new Shape(length, headDim)),
            manager.create(sin, new Shape(length, headDim))
        };
    }

    public ModelSpec spec() {
        return spec;
    }

    public int vocab() {
        return vocab;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The trainable arrays by name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Whether AdamW decays this parameter: matrices and embeddings yes, biases and norm scales no.
     */
    public static boolean decays(String parameterName) {
        return parameterName.endsWith(".weight");
    }

    public long parameterCount() {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /**
     * Next-token log-probabilities: {@code [batch, length, vocab]} for {@code tokens} ({@code
     * [batch, length]}, int32) under the additive attention mask {@code [batch, 1, length, length]}
     * (0 = may attend).
     */
    public NDArray logProbabilities(NDArray tokens, NDArray mask) {
        return logProbabilities(tokens, null, mask);
    }

    /**
     * Next-token log-probabilities as {@link #logProbabilities(NDArray, NDArray)}, with each
     * token's position given ({@code positions}, {@code [batch, length]} int32, each below {@link
     * #maxLength()}) rather than its index in the row: several sequences that share a prefix can
     * then be scored in one row (the prefix once, each continuation placed after it by the mask).
     * Null positions are {@code 0..length-1}.
     */
    public NDArray logProbabilities(NDArray tokens, NDArray positions, NDArray mask) {
        long batch = tokens.getShape().get(0);
        long length = tokens.getShape().get(1);
        if (positions == null && length > maxLength)
            throw new IllegalArgumentException(
                    "sequence of " + length + " tokens exceeds the model's " + maxLength);
        NDArray x =
                tokens.getNDArrayInternal()
                        .embedding(
                                tokens,
                                parameters.get("tok_emb.weight"),
                                ai.djl.ndarray.types.SparseFormat.DENSE)
                        .singletonOrThrow();
        NDArray cos = null;
        NDArray sin = null;
        if (rotaryCos == null) {
            x = x.add(positionRows(parameters.get("pos_emb.weight"), positions, length, x));
        } else {
            cos = positionRows(rotaryCos, positions, length, x);
            sin = positionRows(rotarySin, positions, length, x);
            // [length, headDim] broadcasts over batch and heads; [batch, length, headDim] needs
            // the heads axis.
            if (positions != null) {
                cos = cos.expandDims(1);
                sin = sin.expandDims(1);
            }
        }
        for (int layer = 0; layer < spec.nLayers(); layer++) {
            String b = "block" + layer + ".";
            x = x.add(attention(layerNorm(x, b + "ln1"), mask, cos, sin, b, batch, length));
            NDArray hidden = linear(layerNorm(x, b + "ln2"), b + "mlp.in");
            x = x.add(linear(gelu(hidden), b + "mlp.out"));
        }
        x = layerNorm(x, "ln_f");
        NDArray logits =
                x.getNDArrayInternal()
                        .linear(x, parameters.get("tok_emb.weight"), null)
                        .singletonOrThrow();
        return logits.logSoftmax(-1);
    }

    /**
     * Mean next-token cross-entropy (nats) of {@code targets} ({@code [batch, length]}) given
     * {@code tokens}.
     */
    public NDArray loss(NDArray tokens, NDArray targets, NDArray mask) {
        return tokenLosses(tokens, targets, mask).mean();
    }

    /** Per-position cross-entropy (nats), {@code [batch, length]}. */
    public NDArray tokenLosses(NDArray tokens, NDArray targets, NDArray mask) {
        return tokenLosses(tokens, null, targets, mask);
    }

    /**
     * Per-position cross-entropy (nats), {@code [batch, length]}, with explicit positions (see
     * {@link #logProbabilities(NDArray, NDArray, NDArray)}).
     */
    public NDArray tokenLosses(NDArray tokens, NDArray positions, NDArray targets, NDArray mask) {
        NDArray logProbs = logProbabilities(tokens, positions, mask);
        return logProbs.gather(targets.toType(DataType.INT64, false).expandDims(-1), -1)
                .squeeze(-1)
                .neg();
    }

    private NDArray attention(
            NDArray x, NDArray mask, NDArray cos, NDArray sin, String b, long batch, long length) {
        int heads = spec.nHeads();
        int headDim = spec.dModel() / heads;
        NDArray qkv =
                linear(x, b + "attn.qkv")
                        .reshape(batch, length, 3, heads, headDim)
                        .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        if (cos != null) {
            q = rotate(q, cos, sin);
            k = rotate(k, cos, sin);
        }
        // Scaling the queries rather than the scores: length × headDim products instead of
        // length × length.
        NDArray scores = q.mul(1.0 / Math.sqrt(headDim)).matMul(k.transpose(0, 1, 3, 2)).add(mask);
        NDArray context =
                scores.softmax(-1)
                        .matMul(v)
                        .transpose(0, 2, 1, 3)
                        .reshape(batch, length, spec.dModel());
        return linear(context, b + "attn.out");
    }

    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, x.getShape().dimension() - 1);
        NDArray rotatedHalf =
                NDArrays.concat(
                        new NDList(halves.get(1).neg(), halves.get(0)),
                        x.getShape().dimension() - 1);
        return x.mul(cos).add(rotatedHalf.mul(sin));
    }

    /**
     * The rows of a per-position table ({@code [maxLength, width]}) for positions {@code
     * 0..length-1} ({@code [length, width]}) or for the given ones ({@code [batch, length,
     * width]}), in the scope of {@code like}.
     */
    private static NDArray positionRows(
            NDArray table, NDArray positions, long length, NDArray like) {
        if (positions == null) return sameScope(table.get("0:" + length), like);
        return sameScope(table.get(positions.toType(DataType.INT64, false)), like);
    }

    /**
     * A slice of a model array is created in the model's manager; moving it to the step's scope
     * frees it with the step.
     */
    private static NDArray sameScope(NDArray slice, NDArray like) {
        slice.attach(like.getManager());
        return slice;
    }

    private NDArray linear(NDArray x, String name) {
        return x.getNDArrayInternal()
                .linear(x, parameters.get(name + ".weight"), parameters.get(name + ".bias"))
                .singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String name) {
        return x.getNDArrayInternal()
                .layerNorm(
                        x,
                        new Shape(spec.dModel()),
                        parameters.get(name + ".gamma"),
                        parameters.get(name + ".beta"),
                        NORM_EPS)
                .singletonOrThrow();
    }

    private static NDArray gelu(NDArray x) {
        return ai.djl.nn.Activation.gelu(x);
    }

    /** The arrays to checkpoint, each named. */
    public NDList toNDList() {
        List<NDArray> arrays = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            e.getValue().setName(e.getKey());
            arrays.add(e.getValue());
        }
        return new NDList(arrays);
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * The additive attention mask of a batch: a token attends to earlier tokens of its own document
     * only. {@code segments[b][t]} numbers the documents of row b ({@link TrainingBatch}).
     */
    public static NDArray documentCausalMask(
            NDManager manager, int[] segments, int batch, int length) {
        NDArray seg = manager.create(segments, new Shape(batch, length));
        NDArray sameDocument = seg.expandDims(2).eq(seg.expandDims(1));
        NDArray causal = causal(manager, length);
        NDArray allowed = sameDocument.logicalAnd(causal).toType(DataType.FLOAT32, false);
        return allowed.sub(1).mul(-MASKED).expandDims(1);
    }

    private static NDArray causal(NDManager manager, int length) {
        boolean[] lower = new boolean[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j <= i; j++) lower[i * length + j] = true;
        }
        return manager.create(lower, new Shape(length, length));
    }
}
