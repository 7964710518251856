package dev.mixlab.eval.proxy;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Validation loss and bits per byte of held-out documents. Each document is scored as {@code <eos>
 * + its tokens} (the end-of-sequence id starts it, as after any previous document), every token
 * including its closing end-of-sequence predicted; a document longer than the window is scored in
 * chunks that each keep a quarter window of the preceding text as context. bpb = total bits / total
 * UTF-8 bytes of the documents (tokenizer-independent, so runs with different tokenizers compare);
 * its standard error is the ratio estimator's over documents.
 *
 * <p>The chunks are laid out once ({@link #of}) and scored per checkpoint ({@link #result}).
 */
public final class BitsPerByte {
    /**
     * @param loss nats per token; @param bpb bits per byte; @param bpbStderr its standard error
     */
    public record Result(
            double loss, double bpb, double bpbStderr, long documents, long tokens, long bytes) {}

    private final List<PoolRecord> documents;
    private final List<ScoringPlan.Group> groups;
    private final int[] owner;

    private BitsPerByte(List<PoolRecord> documents, List<ScoringPlan.Group> groups, int[] owner) {
        this.documents = documents;
        this.groups = groups;
        this.owner = owner;
    }

    /** The scoring requests of {@code documents} for a model of {@code window} tokens. */
    public static BitsPerByte of(List<PoolRecord> documents, int eosId, int window) {
        List<ScoringPlan.Group> groups = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        int overlap = Math.max(1, window / 4);
        int chunk = window - overlap;
        for (int d = 0; d < documents.size(); d++) {
            int[] ids = documents.get(d).inputIds();
            int[] full = new int[ids.length + 1];
            full[0] = eosId;
            System.arraycopy(ids, 0, full, 1, ids.length);
            for (int start = 1; start < full.length; start += start == 1 ? window : chunk) {
                int end = Math.min(full.length, start + (start == 1 ? window : chunk));
                int contextStart = Math.max(0, start - (start == 1 ? 1 : overlap));
                groups.add(
                        ScoringPlan.Group.of(
                                Arrays.copyOfRange(full, contextStart, start),
                                Arrays.copyOfRange(full, start, end)));
                owner.add(d);
            }
        }
        return new BitsPerByte(
                List.copyOf(documents),
                List.copyOf(groups),
                owner.stream().mapToInt(Integer::intValue).toArray());
    }

    public List<PoolRecord> documents() {
        return documents;
    }

    /** One group (one continuation) per chunk. */
    public List<ScoringPlan.Group> groups() {
        return groups;
    }

    /** The result over all documents from the log-probabilities of {@link #groups()}, in order. */
    public Result result(List<List<double[]>> logProbs) {
        return result(logProbs, d -> true);
    }

    /** The result over the documents {@code include} accepts (e.g. one language's). */
    public Result result(List<List<double[]>> logProbs, IntPredicate include) {
        double[] nats = new double[documents.size()];
        long tokens = 0;
        for (int i = 0; i < groups.size(); i++) {
            if (!include.test(owner[i])) continue;
            for (double lp : logProbs.get(i).get(0)) nats[owner[i]] -= lp;
            tokens += logProbs.get(i).get(0).length;
        }
        double totalNats = 0;
        long totalBytes = 0;
        int n = 0;
        for (int d = 0; d < documents.size(); d++) {
            if (!include.test(d)) continue;
            totalNats += nats[d];
            totalBytes += documents.get(d).nBytes();
            n++;
        }
        double ln2 = Math.log(2);
        double bpb = totalNats / ln2 / totalBytes;
        double meanBytes = (double) totalBytes / n;
        double sum = 0;
        for (int d = 0; d < documents.size(); d++) {
            if (!include.test(d)) continue;
            double residual = nats[d] / ln2 - bpb * documents.get(d).nBytes();
            sum += residual * residual;
        }
        double stderr = n > 1 ? Math.sqrt(sum / ((double) n * (n - 1))) / meanBytes : Double.NaN;
        return new Result(totalNats / tokens, bpb, stderr, n, tokens, totalBytes);
    }
}
