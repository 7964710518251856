package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which files a mixture is written as ({@code shards:} in the spec). Parquet is the mixture itself
 * (the proxy trainer, {@code inspect} and every other format read it); the others are exports of it
 * for external trainers, made from the Parquet shards after they are written (docs/MIXTURES.md).
 *
 * @param formats the formats to write, {@code parquet} first
 * @param megatronDtype token type of the Megatron {@code .bin} files
 * @param olmoDtype token type of the OLMo token files
 * @param olmoFileTokens at most this many tokens per OLMo file (rounded down to whole rows of
 *     {@code seq_len})
 */
public record ShardsSpec(
        List<Format> formats, TokenDtype megatronDtype, TokenDtype olmoDtype, long olmoFileTokens) {
    /** 500M tokens: 1 GB files in uint16, the size Dolma's tokenizer writes by default. */
    public static final long DEFAULT_OLMO_FILE_TOKENS = 500_000_000L;

    public static final Set<TokenDtype> MEGATRON_DTYPES =
            EnumSet.of(TokenDtype.AUTO, TokenDtype.UINT16, TokenDtype.INT32);
    public static final Set<TokenDtype> OLMO_DTYPES =
            EnumSet.of(TokenDtype.AUTO, TokenDtype.UINT16, TokenDtype.UINT32);

    public static final ShardsSpec DEFAULT =
            new ShardsSpec(
                    List.of(Format.PARQUET),
                    TokenDtype.AUTO,
                    TokenDtype.AUTO,
                    DEFAULT_OLMO_FILE_TOKENS);

    /** A file format of a mixture, as written in {@code shards.formats}. */
    public enum Format {
        PARQUET,
        ARROW,
        MEGATRON,
        OLMO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format of(String label) {
            for (Format format : values()) if (format.label().equals(label)) return format;
            List<String> known = Arrays.stream(values()).map(Format::label).toList();
            throw new InvalidValueException(
                    "formats",
                    "unknown format '"
                            + label
                            + "'"
                            + Suggestions.didYouMean(label, known)
                            + "; use some of "
                            + known);
        }
    }

    /**
     * The integer type of exported token ids: {@code auto} picks the smallest type the vocabulary
     * fits (Megatron: uint16 below 65,500 ids, else int32, as Megatron-core's {@code
     * DType.optimal_dtype}; OLMo: uint16 up to 65,536 ids, else uint32).
     */
    public enum TokenDtype {
        AUTO,
        UINT16,
        INT32,
        UINT32;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static TokenDtype of(String key, String label, Set<TokenDtype> allowed) {
            for (TokenDtype dtype : allowed) if (dtype.label().equals(label)) return dtype;
            List<String> known = allowed.stream().map(TokenDtype::label).toList();
            throw new InvalidValueException(
                    key,
                    "unknown dtype '"
                            + label
                            + "'"
                            + Suggestions.didYouMean(label, known)
                            + "; use one of "
                            + known);
        }
    }

    public ShardsSpec {
        formats = List.copyOf(formats);
        InvalidValueException.check(
                formats.contains(Format.PARQUET),
                "formats",
                "formats must include parquet: the Parquet shards are the mixture, and arrow, megatron and olmo"
                        + " are exported from them (write e.g. [parquet, megatron])");
        InvalidValueException.check(
                formats.stream().distinct().count() == formats.size(),
                "formats",
                "formats lists a format twice: " + formats.stream().map(Format::label).toList());
        InvalidValueException.check(
                MEGATRON_DTYPES.contains(megatronDtype),
                "megatron_dtype",
                "megatron_dtype must be auto, uint16 or int32 (Megatron-core reads no uint32 tokens)");
        InvalidValueException.check(
                OLMO_DTYPES.contains(olmoDtype),
                "olmo_dtype",
                "olmo_dtype must be auto, uint16 or uint32 (OLMo-core's token arrays are unsigned)");
        InvalidValueException.check(
                olmoFileTokens > 0, "olmo_file_tokens", "olmo_file_tokens must be > 0 tokens");
    }

    /** The export formats, i.e. every format but Parquet, in the order given. */
    public List<Format> exports() {
        return formats.stream().filter(f -> f != Format.PARQUET).toList();
    }
}
