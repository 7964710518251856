package dev.mixlab.tokenizers;

/**
 * Text to token ids and back. Instances are not serializable (they hold native or large tables): a
 * Beam stage keeps the {@link TokenizerFactory} and opens the tokenizer once per worker.
 */
public interface Tokenizer extends AutoCloseable {
    /** Token ids of {@code text}, with special-token strings inside it treated as ordinary text. */
    int[] encode(String text);

    String decode(int[] ids);

    /** The id appended after every document. */
    int eosId();

    /**
     * One more than the largest id this tokenizer produces (the size of a model's embedding table).
     */
    int vocabSize();

    /** Identifies the exact vocabulary, for pool and mixture fingerprints and manifests. */
    String fingerprint();

    @Override
    default void close() {}
}
