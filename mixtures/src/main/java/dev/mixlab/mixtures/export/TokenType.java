package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureInputException;
import dev.mixlab.mixtures.spec.ShardsSpec.TokenDtype;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The integer type token ids are stored as in an export, little-endian. {@link #megatronCode} is
 * the number Megatron-core's {@code DType} enum gives the type in an {@code .idx} header.
 */
public enum TokenType {
    UINT16(2, 8, 65_536L),
    INT32(4, 4, Integer.MAX_VALUE + 1L),
    UINT32(4, -1, 1L << 32);

    /** Megatron-core's {@code DType.optimal_dtype}: uint16 below this many ids. */
    static final int MEGATRON_UINT16_BELOW = 65_500;

    private final int bytes;
    private final int megatronCode;
    private final long ids;

    TokenType(int bytes, int megatronCode, long ids) {
        this.bytes = bytes;
        this.megatronCode = megatronCode;
        this.ids = ids;
    }

    public int bytes() {
        return bytes;
    }

    int megatronCode() {
        return megatronCode;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenType of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    void put(ByteBuffer buffer, int token) {
        if (this == UINT16) buffer.putShort((short) token);
        else buffer.putInt(token);
    }

    /**
     * The type of a Megatron export: {@code auto} as Megatron's own preprocessing chooses it; an
     * explicit type is refused when the vocabulary does not fit it.
     */
    static TokenType forMegatron(TokenDtype requested, int vocabSize) {
        return switch (requested) {
            case AUTO -> vocabSize < MEGATRON_UINT16_BELOW ? UINT16 : INT32;
            case UINT16 -> fitting(UINT16, vocabSize, "megatron_dtype");
            case INT32 -> fitting(INT32, vocabSize, "megatron_dtype");
            case UINT32 ->
                    throw new MixtureInputException(
                            "megatron_dtype uint32: Megatron-core's indexed datasets have no uint32 tokens; use auto, uint16 or int32");
        };
    }

    /** The type of an OLMo export: {@code auto} is the smallest unsigned type that fits. */
    static TokenType forOlmo(TokenDtype requested, int vocabSize) {
        return switch (requested) {
            case AUTO -> vocabSize <= UINT16.ids ? UINT16 : UINT32;
            case UINT16 -> fitting(UINT16, vocabSize, "olmo_dtype");
            case UINT32 -> fitting(UINT32, vocabSize, "olmo_dtype");
            case INT32 ->
                    throw new MixtureInputException(
                            "olmo_dtype int32: OLMo-core's token arrays are unsigned; use auto, uint16 or uint32");
        };
    }

    private static TokenType fitting(TokenType type, int vocabSize, String key) {
        if (vocabSize > type.ids) {
            throw new MixtureInputException(
                    String.format(
                            Locale.ROOT,
                            "%s %s holds ids below %,d, but the mixture's tokenizer has %,d ids; use auto (or a 32-bit type)",
                            key,
                            type.label(),
                            type.ids,
                            vocabSize));
        }
        return type;
    }
}
