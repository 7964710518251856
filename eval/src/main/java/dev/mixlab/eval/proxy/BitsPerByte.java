package dev.mixlab.eval.proxy;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation loss and bits per byte of held-out documents. Each document is scored as {@code <eos>
 * + its tokens} (the end-of-sequence id starts it, as after any previous document), every token
 * including its closing end-of-sequence predicted; a document longer than the window is scored in
 * chunks that each keep a quarter window of the preceding text as context. bpb = total bits / total
 * UTF-8 bytes of the documents (tokenizer-independent, so runs with different tokenizers compare);
 * its standard error is the ratio estimator's over documents.
 */
public final class BitsPerByte {
    /**
     * @param loss nats per token; @param bpb bits per byte; @param bpbStderr its standard error
     */
    public record Result(
            double loss, double bpb, double bpbStderr, long documents, long tokens, long bytes) {}

    private BitsPerByte() {}

    public static Result measure(
            ContinuationScorer scorer, List<PoolRecord> documents, int eosId, int window) {
        List<ContinuationScorer.Request> requests = new ArrayList<>();
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
                requests.add(
                        new ContinuationScorer.Request(
                                java.util.Arrays.copyOfRange(full, contextStart, start),
                                java.util.Arrays.copyOfRange(full, start, end)));
                owner.add(d);
            }
        }
        List<double[]> logProbs = scorer.tokenLogProbs(requests);
        double[] nats = new double[documents.size()];
        long tokens = 0;
        for (int i = 0; i < requests.size(); i++) {
            for (double lp : logProbs.get(i)) nats[owner.get(i)] -= lp;
            tokens += logProbs.get(i).length;
        }
        double totalNats = 0;
        long totalBytes = 0;
        for (int d = 0; d < documents.size(); d++) {
            totalNats += nats[d];
            totalBytes += documents.get(d).nBytes();
        }
        double ln2 = Math.log(2);
        double bpb = totalNats / ln2 / totalBytes;
        int n = documents.size();
        double meanBytes = (double) totalBytes / n;
        double sum = 0;
        for (int d = 0; d < n; d++) {
            double residual = nats[d] / ln2 - bpb * documents.get(d).nBytes();
            sum += residual * residual;
        }
        double stderr = n > 1 ? Math.sqrt(sum / ((double) n * (n - 1))) / meanBytes : Double.NaN;
        return new Result(totalNats / tokens, bpb, stderr, n, tokens, totalBytes);
    }
}
