package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test oracle for packing: what documents a source's rows must hold, and the documents rows
 * actually hold.
 */
final class PackedDocuments {
    private PackedDocuments() {}

    /**
     * Epochs of the seeded permutation of {@code train} (pool order), the last document cut at
     * {@code tokens}.
     */
    static List<int[]> expected(List<PoolRecord> train, long seed, String source, long tokens) {
        List<int[]> documents = new ArrayList<>();
        long left = tokens;
        for (int epoch = 0; left > 0; epoch++) {
            for (int index :
                    DocumentOrder.permutation(
                            train.size(), DocumentOrder.epochSeed(seed, source, epoch))) {
                if (left == 0) break;
                int[] ids = train.get(index).inputIds();
                int take = (int) Math.min(ids.length, left);
                documents.add(Arrays.copyOf(ids, take));
                left -= take;
            }
        }
        return documents;
    }

    /**
     * Concatenates one source's rows (in row order), cuts at their {@code doc_starts} and drops the
     * final padding.
     */
    static List<int[]> of(List<MixtureRow> rows, int seqLen, long paddedTokens) {
        int total = Math.toIntExact(rows.size() * (long) seqLen - paddedTokens);
        int[] stream = new int[total];
        List<Integer> starts = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int base = r * seqLen;
            System.arraycopy(
                    rows.get(r).inputIds(), 0, stream, base, Math.min(seqLen, total - base));
            for (int start : rows.get(r).docStarts()) starts.add(base + start);
        }
        List<int[]> documents = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : total;
            documents.add(Arrays.copyOfRange(stream, starts.get(i), end));
        }
        return documents;
    }
}
