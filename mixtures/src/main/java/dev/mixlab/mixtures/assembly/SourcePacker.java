package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolReader;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Packs one source of one split into rows of exactly {@code seq_len} tokens, in row order: the work
 * unit "per source" of a mixture build (a distributed build runs one per source and places each
 * {@link PackedRow} with {@link MixtureLayout#place}).
 *
 * <p>Documents (each already ending with the end-of-sequence id) are concatenated and cut into
 * rows; {@link MixtureRow} documents the {@code doc_starts} convention. Train documents come in the
 * seeded order of {@link DocumentOrder}, epoch after epoch, until the source's {@link
 * SourceQuota#packedTokens} are packed (the last document may be cut); validation documents come in
 * pool order, all of them once. A short last row is padded with the end-of-sequence id exactly as
 * the plan says.
 *
 * <p>Memory: three ints per train document of the pool (lengths and the epoch's permutation both
 * ways) plus a gather buffer of at most {@code gatherWindowTokens} tokens (or one document, if
 * longer); never the whole budget. Documents are gathered in permuted order window by window, each
 * window one sequential scan of the pool's token column; a pool that fits in the window costs one
 * scan per epoch.
 */
public final class SourcePacker implements Iterator<PackedRow>, AutoCloseable {
    /** 16M tokens (64 MiB): one scan per epoch for pools up to that size. */
    public static final long DEFAULT_GATHER_WINDOW_TOKENS = 16L << 20;

    private final Pool pool;
    private final SourceQuota quota;
    private final int seqLen;
    private final int eosId;
    private final DocumentSource documents;
    private long remaining;
    private long rowIndex;
    private long documentsStarted;
    private int[] document;
    private int documentOffset;
    private long documentLeft;
    private String language;
    private final Map<String, Long> languageTokens = new HashMap<>();

    private SourcePacker(
            Pool pool, SourceQuota quota, int seqLen, int eosId, DocumentSource documents) {
        this.pool = pool;
        this.quota = quota;
        this.seqLen = seqLen;
        this.eosId = eosId;
        this.documents = documents;
        this.remaining = quota.packedTokens();
    }

    /** The train rows of {@code source}: seeded document order, epochs as needed. */
    public static SourcePacker train(
            MixturePlan plan, String source, Pool pool, long gatherWindowTokens) {
        if (gatherWindowTokens <= 0)
            throw new IllegalArgumentException(
                    "gather window must be > 0 tokens, found " + gatherWindowTokens);
        SourceQuota quota = quota(plan.train(), source, pool);
        return new SourcePacker(
                pool,
                quota,
                plan.seqLen(),
                plan.eosId(),
                new PermutedDocuments(pool, plan.seed(), quota.packedTokens(), gatherWindowTokens));
    }

    /** The validation rows of {@code source}: every validation document once, in pool order. */
    public static SourcePacker validation(MixturePlan plan, String source, Pool pool) {
        return new SourcePacker(
                pool,
                quota(plan.validation(), source, pool),
                plan.seqLen(),
                plan.eosId(),
                new PoolOrderDocuments(pool));
    }

    private static SourceQuota quota(List<SourceQuota> quotas, String source, Pool pool) {
        if (!pool.source().equals(source)) {
            throw new IllegalArgumentException(
                    "pool "
                            + pool.dir()
                            + " is of source '"
                            + pool.source()
                            + "', not '"
                            + source
                            + "'");
        }
        return quotas.stream()
                .filter(q -> q.source().equals(source))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "source '"
                                                + source
                                                + "' is not in the mixture plan; sources: "
                                                + quotas.stream()
                                                        .map(SourceQuota::source)
                                                        .toList()));
    }

    public SourceQuota quota() {
        return quota;
    }

    @Override
    public boolean hasNext() {
        return rowIndex < quota.rows();
    }

    @Override
    public PackedRow next() {
        if (!hasNext())
            throw new NoSuchElementException(
                    "source '" + quota.source() + "' has " + quota.rows() + " rows");
        int[] row = new int[seqLen];
        int[] starts = new int[8];
        int startCount = 0;
        int fill = 0;
        while (fill < seqLen && remaining > 0) {
            if (documentLeft == 0) {
                if (!documents.advance()) {
                    throw PoolReader.mismatch(
                            pool,
                            documents.split(),
                            "fewer tokens than packing needs ("
                                    + (quota.packedTokens() - remaining)
                                    + " of "
                                    + quota.packedTokens()
                                    + " read)");
                }
                document = documents.tokens();
                language = documents.language();
                documentOffset = documents.offset();
                documentLeft = Math.min(documents.length(), remaining);
                documentsStarted++;
                if (startCount == starts.length) starts = Arrays.copyOf(starts, startCount * 2);
                starts[startCount++] = fill;
            }
            int take = (int) Math.min(seqLen - fill, documentLeft);
            System.arraycopy(document, documentOffset, row, fill, take);
            languageTokens.merge(language, (long) take, Long::sum);
            fill += take;
            documentOffset += take;
            documentLeft -= take;
            remaining -= take;
        }
        if (fill < seqLen) {
            boolean lastRow = rowIndex == quota.rows() - 1;
            if (!lastRow || seqLen - fill != quota.paddedTokens()) {
                throw new IllegalStateException(
                        "source '"
                                + quota.source()
                                + "': row "
                                + rowIndex
                                + " of "
                                + quota.rows()
                                + " would need "
                                + (seqLen - fill)
                                + " padding tokens, the plan allows "
                                + quota.paddedTokens()
                                + " in the last row only; this is a bug in mixture planning");
            }
            Arrays.fill(row, fill, seqLen, eosId);
        }
        return new PackedRow(
                rowIndex++, new MixtureRow(quota.source(), row, Arrays.copyOf(starts, startCount)));
    }

    /**
     * Document tokens packed so far per language, most tokens first (ties by name): the {@code
     * lang} of the pool's documents, {@link PoolRecord#UNKNOWN_LANGUAGE} where it has none.
     */
    public Map<String, Long> languageTokens() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        languageTokens.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** Documents started so far (a document cut by the end of the source counts). */
    public long documentsStarted() {
        return documentsStarted;
    }

    /**
     * Epochs of the pool begun so far (train: 1 + completed passes; validation: 1 once any document
     * is read).
     */
    public int epochsStarted() {
        return documents.epochsStarted();
    }

    @Override
    public void close() {
        documents.close();
    }

    /**
     * The documents of a split in packing order; {@link #tokens()}{@code [offset, offset + length)}
     * is the current one.
     */
    private interface DocumentSource extends AutoCloseable {
        boolean advance();

        int[] tokens();

        int offset();

        int length();

        /** The current document's language. */
        String language();

        int epochsStarted();

        PoolRecord.Split split();

        @Override
        void close();
    }

    private static final class PoolOrderDocuments implements DocumentSource {
        private final PoolReader<int[]> reader;
        private final String[] languages;
        private int[] current;
        private int index = -1;
        private boolean started;

        PoolOrderDocuments(Pool pool) {
            this.languages = PoolReader.languages(pool, PoolRecord.Split.VALIDATION);
            this.reader = PoolReader.tokenLists(pool, PoolRecord.Split.VALIDATION);
        }

        @Override
        public boolean advance() {
            if (!reader.hasNext()) return false;
            current = reader.next();
            index++;
            started = true;
            return true;
        }

        @Override
        public String language() {
            return languages[index];
        }

        @Override
        public int[] tokens() {
            return current;
        }

        @Override
        public int offset() {
            return 0;
        }

        @Override
        public int length() {
            return current.length;
        }

        @Override
        public int epochsStarted() {
            return started ? 1 : 0;
        }

        @Override
        public PoolRecord.Split split() {
            return PoolRecord.Split.VALIDATION;
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /**
     * Train documents epoch by epoch in permuted order. A window is a run of consecutive permuted
     * positions holding at most {@code windowTokens} tokens; it is filled by one scan of the pool
     * that copies each document whose rank falls in the window to its offset in the buffer.
     */
    private static final class PermutedDocuments implements DocumentSource {
        private final Pool pool;
        private final long seed;
        private final long windowTokens;
        private final int[] counts;
        private final String[] languages;
        private long tokensToServe;
        private int epoch = -1;
        private int[] order;
        private int[] rank;
        private int windowStart;
        private int windowEnd;
        private int cursor;
        private int[] buffer = new int[0];
        private int[] offsets = new int[0];

        PermutedDocuments(Pool pool, long seed, long plannedTokens, long windowTokens) {
            this.pool = pool;
            this.seed = seed;
            this.windowTokens = windowTokens;
            this.tokensToServe = plannedTokens;
            this.counts =
                    plannedTokens == 0
                            ? new int[0]
                            : PoolReader.tokenCounts(pool, PoolRecord.Split.TRAIN);
            this.languages =
                    plannedTokens == 0
                            ? new String[0]
                            : PoolReader.languages(pool, PoolRecord.Split.TRAIN);
        }

        @Override
        public String language() {
            return languages[order[cursor - 1]];
        }

        @Override
        public boolean advance() {
            if (counts.length == 0 || tokensToServe <= 0) return false;
            if (cursor == windowEnd) loadWindow();
            tokensToServe -= counts[order[cursor]];
            cursor++;
            return true;
        }

        @Override
        public int[] tokens() {
            return buffer;
        }

        @Override
        public int offset() {
            return offsets[cursor - 1 - windowStart];
        }

        @Override
        public int length() {
            return counts[order[cursor - 1]];
        }

        @Override
        public int epochsStarted() {
            return epoch + 1;
        }

        @Override
        public PoolRecord.Split split() {
            return PoolRecord.Split.TRAIN;
        }

        @Override
        public void close() {
            buffer = new int[0];
        }

        private void loadWindow() {
            if (epoch < 0 || windowEnd == counts.length) startEpoch();
            windowStart = windowEnd;
            int end = windowStart;
            long tokens = 0;
            while (end < counts.length
                    && tokens < tokensToServe
                    && (end == windowStart || tokens + counts[order[end]] <= windowTokens)) {
                tokens += counts[order[end++]];
            }
            windowEnd = end;
            if (offsets.length < end - windowStart) offsets = new int[end - windowStart];
            if (buffer.length < tokens) buffer = new int[Math.toIntExact(tokens)];
            int offset = 0;
            for (int position = windowStart; position < windowEnd; position++) {
                offsets[position - windowStart] = offset;
                offset += counts[order[position]];
            }
            gather();
            cursor = windowStart;
        }

        private void startEpoch() {
            epoch++;
            order =
                    DocumentOrder.permutation(
                            counts.length, DocumentOrder.epochSeed(seed, pool.source(), epoch));
            if (rank == null) rank = new int[counts.length];
            for (int position = 0; position < order.length; position++)
                rank[order[position]] = position;
            windowEnd = 0;
        }

        private void gather() {
            int wanted = windowEnd - windowStart;
            int found = 0;
            try (PoolReader<int[]> reader = PoolReader.tokenLists(pool, PoolRecord.Split.TRAIN)) {
                for (int index = 0; reader.hasNext() && found < wanted; index++) {
                    int[] tokens = reader.next();
                    int position = rank[index];
                    if (position < windowStart || position >= windowEnd) continue;
                    if (tokens.length != counts[index]) {
                        throw PoolReader.mismatch(
                                pool,
                                PoolRecord.Split.TRAIN,
                                "train document "
                                        + index
                                        + " with "
                                        + tokens.length
                                        + " tokens where n_tokens says "
                                        + counts[index]);
                    }
                    System.arraycopy(
                            tokens, 0, buffer, offsets[position - windowStart], tokens.length);
                    found++;
                }
            }
            if (found != wanted) {
                throw PoolReader.mismatch(
                        pool, PoolRecord.Split.TRAIN, "fewer train documents than n_tokens lists");
            }
        }
    }
}
