package dev.mixlab.mixtures.assembly;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mixtures/<mixture>/manifest.json}, written last: what was asked (spec, tokenizer, layout,
 * the pools by fingerprint), what was built (per split and source: rows, tokens, padding,
 * documents, epochs; per shard: rows, bytes, SHA-256) and by which software version.
 *
 * <p>Every field is a function of the inputs, so rebuilding gives a byte-identical manifest —
 * except {@code build_time}, which is written only when the build asks for it ({@link
 * MixtureBuilder.Options#buildTime}) and is never part of the fingerprint. Reproducibility checks
 * compare manifests without it ({@link #withoutBuildTime}).
 *
 * <p>{@code fingerprint} is the SHA-256 of the {@link Inputs}' canonical JSON; a finished build
 * with the same fingerprint is not rebuilt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MixtureManifest(
        String format,
        String mixture,
        String fingerprint,
        String softwareVersion,
        Spec spec,
        Tokenizer tokenizer,
        Layout layout,
        Map<String, PoolRef> pools,
        SplitSummary train,
        SplitSummary validation,
        String buildTime,
        Exports exports) {
    public static final String FORMAT = "mixlab.mixture/1";
    public static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The mixture as specified; {@code max_repetition} is listed for every source, defaults
     * included.
     */
    public record Spec(
            Map<String, Double> weights,
            long budgetTokens,
            int seqLen,
            long seed,
            Map<String, Double> maxRepetition) {}

    /**
     * @param spec the ablation's tokenizer ({@code TokenizerSpec.describe()})
     * @param pools the tokenizer identity recorded by curation in every pool's stats.json
     * @param eosId end-of-sequence id, also the padding id
     */
    public record Tokenizer(String spec, String pools, int eosId) {}

    /** Everything besides the spec that decides the bytes of the shards. */
    public record Layout(
            String schedule,
            int shuffleWindow,
            int rowsPerShard,
            String parquetCodec,
            int zstdLevel,
            long rowGroupBytes,
            int pageBytes) {}

    /** A pool the mixture was built from ({@code pools/<dir>}). */
    public record PoolRef(
            String dir,
            String fingerprint,
            long trainTokens,
            long trainDocuments,
            long validationTokens,
            long validationDocuments) {}

    /**
     * A split's shards (train at the top of the mixture directory, validation under {@code
     * validation/}).
     */
    public record SplitSummary(
            long rows,
            long tokens,
            long paddedTokens,
            Map<String, SourceSummary> sources,
            List<ShardInfo> shards) {
        /**
         * Sums a split from its layout, the per-source summaries (in layout order) and the shards
         * (in shard order).
         */
        public static SplitSummary of(
                MixtureLayout layout,
                int seqLen,
                Map<String, SourceSummary> sources,
                List<ShardInfo> shards) {
            long padded = sources.values().stream().mapToLong(SourceSummary::paddedTokens).sum();
            return new SplitSummary(
                    layout.totalRows(), layout.totalRows() * seqLen, padded, sources, shards);
        }
    }

    /**
     * @param targetTokens train: the source's share of the budget; validation: all its validation
     *     tokens
     * @param tokens document tokens packed (rows × seq_len − padded_tokens)
     * @param documents documents started (one cut by the end of the source counts)
     * @param epochs tokens / the pool's tokens of the split
     * @param epochsStarted passes over the pool begun
     * @param languages document tokens packed per language (the pool's {@code lang}: natural
     *     language for text, programming language for code; {@code unknown} where it has none),
     *     most first; they sum to {@code tokens}. Null in manifests written before it existed.
     */
    public record SourceSummary(
            long targetTokens,
            long rows,
            long tokens,
            long paddedTokens,
            long documents,
            double epochs,
            int epochsStarted,
            Map<String, Long> languages) {
        /** What a finished {@link SourcePacker} of {@code quota} reports. */
        public static SourceSummary of(SourcePacker packer) {
            SourceQuota quota = packer.quota();
            return new SourceSummary(
                    quota.targetTokens(),
                    quota.rows(),
                    quota.packedTokens(),
                    quota.paddedTokens(),
                    packer.documentsStarted(),
                    quota.epochs(),
                    packer.epochsStarted(),
                    packer.languageTokens());
        }
    }

    /**
     * What a build is made from: everything that decides its bytes. Computed before anything is
     * written, by the single-JVM builder and by distributed ones alike.
     */
    public record Inputs(
            String mixture,
            String softwareVersion,
            Spec spec,
            Tokenizer tokenizer,
            Layout layout,
            Map<String, PoolRef> pools) {
        public static Inputs of(
                AblationSpec ablation,
                MixtureSpec mixture,
                MixturePlan plan,
                Map<String, Pool> pools,
                MixtureBuilder.Options options) {
            Map<String, Double> caps = new LinkedHashMap<>();
            for (String source : mixture.weights().keySet())
                caps.put(source, mixture.maxRepetitionOf(source));
            Spec spec =
                    new Spec(
                            mixture.weights(),
                            mixture.budgetTokens(),
                            plan.seqLen(),
                            plan.seed(),
                            caps);
            Tokenizer tokenizer =
                    new Tokenizer(ablation.tokenizer().describe(), plan.tokenizer(), plan.eosId());
            Layout layout =
                    new Layout(
                            Schedule.ALGORITHM,
                            options.shuffleWindow(),
                            options.rowsPerShard(),
                            "ZSTD",
                            options.parquet().zstdLevel(),
                            options.parquet().rowGroupBytes(),
                            options.parquet().pageBytes());
            Map<String, PoolRef> refs = new LinkedHashMap<>();
            for (SourceQuota quota : plan.train()) {
                Pool pool = pools.get(quota.source());
                PoolStats s = pool.stats();
                refs.put(
                        quota.source(),
                        new PoolRef(
                                pool.dir().getFileName().toString(),
                                pool.fingerprint(),
                                s.trainTokens(),
                                s.trainDocuments(),
                                s.validationTokens(),
                                s.validationDocuments()));
            }
            return new Inputs(mixture.name(), MixlabVersion.get(), spec, tokenizer, layout, refs);
        }

        /** SHA-256 (hex) of the canonical JSON of these inputs and the manifest format. */
        public String fingerprint() {
            try {
                return Sha256.hex(JSON.writeValueAsBytes(new Fingerprinted(FORMAT, this)));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot fingerprint the inputs of mixture '" + mixture + "'", e);
            }
        }

        /**
         * @param buildTime recorded as {@code build_time} when not null
         */
        public MixtureManifest manifest(
                SplitSummary train, SplitSummary validation, Instant buildTime) {
            return new MixtureManifest(
                    FORMAT,
                    mixture,
                    fingerprint(),
                    softwareVersion,
                    spec,
                    tokenizer,
                    layout,
                    pools,
                    train,
                    validation,
                    buildTime == null ? null : buildTime.toString(),
                    null);
        }
    }

    private record Fingerprinted(String format, Inputs inputs) {}

    /**
     * The mixture's other formats, made from its Parquet shards ({@code shards.formats} or {@code
     * mixlab export}); absent when there are none. Each is null when not exported.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exports(TokenExport megatron, TokenExport olmo, ArrowExport arrow) {
        public boolean isEmpty() {
            return megatron == null && olmo == null && arrow == null;
        }
    }

    /**
     * A token-file export (Megatron indexed dataset or OLMo token arrays): the mixture's documents
     * in schedule order, padding excluded.
     *
     * @param dtype the token ids' type in the files (uint16, int32 or uint32), little-endian
     * @param vocabSize the tokenizer's vocabulary size the dtype was chosen for
     * @param eosId the end-of-sequence id that ends every document (not one cut by the budget)
     * @param fileTokens OLMo: tokens per file (the last file holds the rest); null for Megatron
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenExport(
            String dtype,
            int vocabSize,
            int eosId,
            Long fileTokens,
            ExportSplit train,
            ExportSplit validation) {
        public ExportSplit split(PoolRecord.Split split) {
            return split == PoolRecord.Split.TRAIN ? train : validation;
        }
    }

    /** The Hugging Face {@code datasets} layout ({@code load_from_disk}): the Parquet rows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArrowExport(ExportSplit train, ExportSplit validation) {
        public ExportSplit split(PoolRecord.Split split) {
            return split == PoolRecord.Split.TRAIN ? train : validation;
        }
    }

    /**
     * One split of an export.
     *
     * @param rows Arrow: rows (those of the Parquet shards); null for token files
     * @param documents token files: documents (one Megatron sequence each); null for Arrow
     * @param tokens token files: document tokens (the split's tokens minus padding); Arrow: rows ×
     *     seq_len
     * @param sources per source, in the split's source order
     * @param files every file of the split, relative to the mixture directory
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportSplit(
            Long rows,
            Long documents,
            long tokens,
            Map<String, ExportSource> sources,
            List<ExportFile> files) {}

    /** A source's part of an export split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportSource(Long rows, Long documents, long tokens) {}

    /**
     * A file of an export: its size and SHA-256, and for data files what it holds.
     *
     * @param rows Arrow data files: rows
     * @param tokens OLMo and Megatron data files: tokens
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportFile(String file, Long rows, Long tokens, long bytes, String sha256) {}

    public SplitSummary split(PoolRecord.Split split) {
        return split == PoolRecord.Split.TRAIN ? train : validation;
    }

    /** This manifest without {@code build_time}: what reproducibility checks compare. */
    public MixtureManifest withoutBuildTime() {
        return with(null, exports);
    }

    /**
     * This manifest with {@code exports} recorded (null: none). Exports are made from the shards
     * and never change them, so the fingerprint stays.
     */
    public MixtureManifest withExports(Exports exports) {
        return with(buildTime, exports);
    }

    private MixtureManifest with(String buildTime, Exports exports) {
        return new MixtureManifest(
                format,
                mixture,
                fingerprint,
                softwareVersion,
                spec,
                tokenizer,
                layout,
                pools,
                train,
                validation,
                buildTime,
                exports);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serialise the manifest of mixture '" + mixture + "'", e);
        }
    }

    /**
     * Every file of the mixture besides {@code manifest.json}, relative to its directory: the train
     * shards, the validation shards, then the files of each export. A published mixture directory
     * holds exactly these.
     */
    public List<String> files() {
        List<String> files = new ArrayList<>();
        for (SplitSummary split : List.of(train, validation))
            split.shards().forEach(shard -> files.add(shard.file()));
        if (exports != null) {
            List<ExportSplit> splits = new ArrayList<>();
            for (TokenExport tokens : Arrays.asList(exports.megatron(), exports.olmo())) {
                if (tokens != null)
                    splits.addAll(Arrays.asList(tokens.train(), tokens.validation()));
            }
            if (exports.arrow() != null)
                splits.addAll(Arrays.asList(exports.arrow().train(), exports.arrow().validation()));
            for (ExportSplit split : splits) {
                if (split != null) split.files().forEach(file -> files.add(file.file()));
            }
        }
        return files;
    }

    /** Writes {@code manifest.json} into {@code mixtureDir} atomically. */
    public void write(Path mixtureDir) {
        Publish.file(mixtureDir.resolve(FILE_NAME), toJson().getBytes(StandardCharsets.UTF_8));
    }

    public static MixtureManifest read(Path mixtureDir) {
        Path file = mixtureDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    mixtureDir
                            + " has no "
                            + FILE_NAME
                            + ": the mixture was not built or its build did not finish; run build again");
        }
        MixtureManifest manifest;
        try {
            manifest = JSON.readValue(Files.readAllBytes(file), MixtureManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new IllegalArgumentException(
                    file
                            + " has format '"
                            + manifest.format()
                            + "', this mixlab reads "
                            + FORMAT
                            + "; rebuild the mixture");
        }
        return manifest;
    }
}
