package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Hash64;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokenizes a kept document, appends the end-of-text id, and assigns its split: a document is held
 * out for validation when the 64-bit hash of its id, read as a fraction of 2^64, is below the
 * source's held-out fraction — the same document lands in the same split on every run and runner.
 * Runs inside {@link WriteParts} on each part's kept documents, counting into its ledger.
 */
final class TokenizeFn extends CountingFn<Document, PoolRecord> {
    /**
     * One tokenizer per recipe and JVM: they are costly to load and safe to share between threads.
     */
    private static final Map<TokenizerFactory, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private final TokenizerFactory tokenizerFactory;
    private final double heldoutFraction;

    TokenizeFn(TokenizerFactory tokenizerFactory, double heldoutFraction) {
        this.tokenizerFactory = tokenizerFactory;
        this.heldoutFraction = heldoutFraction;
    }

    static Tokenizer tokenizer(TokenizerFactory factory) {
        return TOKENIZERS.computeIfAbsent(factory, TokenizerFactory::open);
    }

    static PoolRecord.Split splitOf(String id, double heldoutFraction) {
        double unit = (Hash64.of(id) >>> 11) * 0x1.0p-53;
        return unit < heldoutFraction ? PoolRecord.Split.VALIDATION : PoolRecord.Split.TRAIN;
    }

    /** {@code doc}'s pool record, on the tokenizer's clock, counted. */
    PoolRecord tokenize(Document doc) {
        PoolRecord[] record = new PoolRecord[1];
        StageClock.charge(StageClock.TOKENIZE, () -> record[0] = recordOf(doc));
        return record[0];
    }

    private PoolRecord recordOf(Document doc) {
        Tokenizer tokenizer = tokenizer(tokenizerFactory);
        int[] encoded = tokenizer.encode(doc.text());
        int[] ids = Arrays.copyOf(encoded, encoded.length + 1);
        ids[encoded.length] = tokenizer.eosId();
        long bytes = StageFn.utf8Bytes(doc.text());
        PoolRecord.Split split = splitOf(doc.id(), heldoutFraction);
        String lang =
                doc.metadata().getOrDefault(Document.LANG, doc.metadata().get(Document.LANGUAGE));
        count(Ledger.docs(Ledger.KEPT), 1);
        count(Ledger.bytes(Ledger.KEPT), bytes);
        count(Ledger.docs(Ledger.split(split)), 1);
        count(Ledger.tokens(Ledger.split(split)), ids.length);
        count(Ledger.bytes(Ledger.split(split)), bytes);
        count(Ledger.docs(Ledger.language(split, lang)), 1);
        count(Ledger.tokens(Ledger.language(split, lang)), ids.length);
        return new PoolRecord(
                doc.id(), doc.source(), doc.kind(), lang, bytes, ids.length, ids, split);
    }
}
