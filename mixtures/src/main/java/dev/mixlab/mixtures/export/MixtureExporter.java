package dev.mixlab.mixtures.export;

import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import dev.mixlab.mixtures.assembly.MixtureLayout;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureManifest.ArrowExport;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportSource;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportSplit;
import dev.mixlab.mixtures.assembly.MixtureManifest.Exports;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.assembly.MixtureManifest.TokenExport;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.Schedule;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.ShardsSpec;
import dev.mixlab.mixtures.spec.ShardsSpec.Format;
import dev.mixlab.mixtures.spec.ShardsSpec.TokenDtype;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Exports a built mixture's Parquet shards as the files external trainers read: Megatron-core
 * indexed datasets ({@link MegatronSplit}), OLMo token arrays ({@link OlmoSplit}) and the Hugging
 * Face {@code datasets} Arrow layout ({@link HuggingFaceArrowSplit}).
 *
 * <p>Each split's shards are read once, in stream order, whatever the number of formats. Arrow
 * files take the rows as they are; the token files take the documents, reassembled in the mixture's
 * order ({@link DocumentStream}) without padding, so they hold exactly the mixture's document
 * tokens — checked per source against the manifest before anything is published. Every format is
 * written into {@code .<format>.partial-…} inside the mixture directory and renamed to {@code
 * <format>/} when complete; the manifest then lists its files with sizes and SHA-256.
 */
public final class MixtureExporter {
    private MixtureExporter() {}

    /**
     * What to export and with which settings ({@code shards:} in the spec, or {@code mixlab
     * export}'s options).
     */
    public record Request(
            List<Format> formats,
            TokenDtype megatronDtype,
            TokenDtype olmoDtype,
            long olmoFileTokens) {
        public Request {
            formats = formats.stream().filter(f -> f != Format.PARQUET).distinct().toList();
        }

        /**
         * Refuses (exit 2) a requested dtype that {@code vocabSize} ids do not fit, before anything
         * is built.
         */
        public void checkFits(int vocabSize) {
            if (formats.contains(Format.MEGATRON)) TokenType.forMegatron(megatronDtype, vocabSize);
            if (formats.contains(Format.OLMO)) TokenType.forOlmo(olmoDtype, vocabSize);
        }

        public static Request of(ShardsSpec shards) {
            return new Request(
                    shards.exports(),
                    shards.megatronDtype(),
                    shards.olmoDtype(),
                    shards.olmoFileTokens());
        }
    }

    /** Told when a split of a format is written. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = message -> {};

        void line(String message);
    }

    /**
     * Brings the exports of the built mixture in {@code mixtureDir} up to date with {@code
     * request}: writes the formats it lacks (all requested ones with {@code force}) and then the
     * manifest listing them. Returns the manifest as it is now.
     *
     * @param vocabSize asked only when something is to be exported
     */
    public static MixtureManifest update(
            Path mixtureDir,
            MixtureManifest manifest,
            Request request,
            IntSupplier vocabSize,
            boolean force,
            Progress progress)
            throws IOException {
        if (request.formats().isEmpty()) return manifest;
        int vocabulary = vocabSize.getAsInt();
        List<Format> formats = force ? request.formats() : missing(manifest, request, vocabulary);
        if (formats.isEmpty()) return manifest;
        MixtureManifest exported =
                export(mixtureDir, manifest, formats, request, vocabulary, progress);
        exported.write(mixtureDir);
        return exported;
    }

    /** The vocabulary size of the tokenizer {@code factory} opens. */
    public static int vocabularySize(TokenizerFactory factory) {
        try (Tokenizer tokenizer = factory.open()) {
            return tokenizer.vocabSize();
        }
    }

    /**
     * The requested formats that {@code manifest} does not list with these settings, i.e. what
     * {@link #export} would write; refuses (exit 2) a dtype the vocabulary does not fit.
     */
    public static List<Format> missing(MixtureManifest manifest, Request request, int vocabSize) {
        Settings settings = Settings.of(manifest, request, vocabSize);
        Exports present = manifest.exports();
        List<Format> missing = new ArrayList<>();
        for (Format format : request.formats()) {
            boolean upToDate =
                    present != null
                            && switch (format) {
                                case MEGATRON ->
                                        present.megatron() != null
                                                && present.megatron()
                                                        .dtype()
                                                        .equals(settings.megatron.label())
                                                && present.megatron().vocabSize() == vocabSize;
                                case OLMO ->
                                        present.olmo() != null
                                                && present.olmo()
                                                        .dtype()
                                                        .equals(settings.olmo.label())
                                                && present.olmo().vocabSize() == vocabSize
                                                && Long.valueOf(settings.olmoFileTokens)
                                                        .equals(present.olmo().fileTokens());
                                case ARROW -> present.arrow() != null;
                                case PARQUET -> true;
                            };
            if (!upToDate) missing.add(format);
        }
        return missing;
    }

    /** The dtypes and file size a request resolves to for one mixture and vocabulary. */
    private record Settings(TokenType megatron, TokenType olmo, long olmoFileTokens) {
        static Settings of(MixtureManifest manifest, Request request, int vocabSize) {
            int seqLen = manifest.spec().seqLen();
            boolean megatron = request.formats().contains(Format.MEGATRON);
            boolean olmo = request.formats().contains(Format.OLMO);
            return new Settings(
                    megatron ? TokenType.forMegatron(request.megatronDtype(), vocabSize) : null,
                    olmo ? TokenType.forOlmo(request.olmoDtype(), vocabSize) : null,
                    Math.max(seqLen, request.olmoFileTokens() / seqLen * seqLen));
        }
    }

    /**
     * Writes {@code formats} of the mixture in {@code mixtureDir} (its shards as {@code manifest}
     * lists them), replacing earlier exports of those formats, and returns the manifest with them
     * recorded (the caller writes it: last, so a listed export is always complete).
     *
     * @param vocabSize the tokenizer's vocabulary size: decides the dtypes, and every token is
     *     checked to be below it
     * @throws dev.mixlab.mixtures.assembly.MixtureInputException (exit 2) when a requested dtype
     *     cannot hold the vocabulary
     */
    public static MixtureManifest export(
            Path mixtureDir,
            MixtureManifest manifest,
            List<Format> formats,
            Request request,
            int vocabSize,
            Progress progress)
            throws IOException {
        Settings settings = Settings.of(manifest, request, vocabSize);
        List<Format> exports =
                formats.stream().filter(f -> f != Format.PARQUET).distinct().toList();
        if (exports.isEmpty()) return manifest;
        Map<Format, Path> staging = new LinkedHashMap<>();
        try {
            for (Format format : exports) {
                Path dir = stagingDir(mixtureDir.resolve(format.label()), manifest.fingerprint());
                FileTrees.delete(dir);
                Files.createDirectories(dir);
                staging.put(format, dir);
            }
            Map<PoolRecord.Split, SplitResult> results = new LinkedHashMap<>();
            try (BufferAllocator allocator = new RootAllocator()) {
                for (PoolRecord.Split split : PoolRecord.Split.values()) {
                    results.put(
                            split,
                            exportSplit(
                                    mixtureDir,
                                    manifest,
                                    split,
                                    staging,
                                    settings,
                                    vocabSize,
                                    allocator,
                                    progress));
                }
            }
            Exports previous = manifest.exports();
            TokenExport megatron = previous == null ? null : previous.megatron();
            TokenExport olmo = previous == null ? null : previous.olmo();
            ArrowExport arrow = previous == null ? null : previous.arrow();
            int eos = manifest.tokenizer().eosId();
            if (staging.containsKey(Format.MEGATRON)) {
                megatron =
                        new TokenExport(
                                settings.megatron.label(),
                                vocabSize,
                                eos,
                                null,
                                results.get(PoolRecord.Split.TRAIN).megatron,
                                results.get(PoolRecord.Split.VALIDATION).megatron);
            }
            if (staging.containsKey(Format.OLMO)) {
                olmo =
                        new TokenExport(
                                settings.olmo.label(),
                                vocabSize,
                                eos,
                                settings.olmoFileTokens,
                                results.get(PoolRecord.Split.TRAIN).olmo,
                                results.get(PoolRecord.Split.VALIDATION).olmo);
            }
            if (staging.containsKey(Format.ARROW)) {
                ExportFile dict =
                        HuggingFaceArrowSplit.writeDatasetDict(
                                staging.get(Format.ARROW), List.of(PoolRecord.Split.values()));
                ExportSplit train = results.get(PoolRecord.Split.TRAIN).arrow;
                List<ExportFile> trainFiles = new ArrayList<>(train.files());
                trainFiles.add(dict);
                arrow =
                        new ArrowExport(
                                new ExportSplit(
                                        train.rows(),
                                        null,
                                        train.tokens(),
                                        train.sources(),
                                        trainFiles),
                                results.get(PoolRecord.Split.VALIDATION).arrow);
            }
            for (Map.Entry<Format, Path> entry : staging.entrySet())
                Publish.directory(entry.getValue(), mixtureDir.resolve(entry.getKey().label()));
            staging.clear();
            return manifest.withExports(new Exports(megatron, olmo, arrow));
        } finally {
            // The failure being reported matters more than a leftover; the next export clears it.
            staging.values().forEach(FileTrees::deleteQuietly);
        }
    }

    /** {@code .<format>.partial-<fingerprint prefix>} beside the format's directory. */
    private static Path stagingDir(Path formatDir, String fingerprint) {
        return formatDir.resolveSibling(
                "." + formatDir.getFileName() + ".partial-" + fingerprint.substring(0, 16));
    }

    private static final class SplitResult {
        ExportSplit megatron;
        ExportSplit olmo;
        ExportSplit arrow;
    }

    private static SplitResult exportSplit(
            Path mixtureDir,
            MixtureManifest manifest,
            PoolRecord.Split split,
            Map<Format, Path> staging,
            Settings settings,
            int vocabSize,
            BufferAllocator allocator,
            Progress progress)
            throws IOException {
        long started = System.nanoTime();
        SplitSummary summary = manifest.split(split);
        MixtureLayout layout = MixtureLayout.of(manifest, split);
        List<String> sources = layout.sources();
        int seqLen = manifest.spec().seqLen();
        long[] rows = new long[sources.size()];
        long[] padded = new long[sources.size()];
        for (int s = 0; s < sources.size(); s++) {
            SourceSummary source = summary.sources().get(sources.get(s));
            rows[s] = source.rows();
            padded[s] = source.paddedTokens();
        }
        SplitResult result = new SplitResult();
        MegatronSplit megatron = null;
        OlmoSplit olmo = null;
        HuggingFaceArrowSplit arrow = null;
        try {
            if (staging.containsKey(Format.MEGATRON))
                megatron =
                        new MegatronSplit(
                                staging.get(Format.MEGATRON), split, settings.megatron, sources);
            if (staging.containsKey(Format.OLMO))
                olmo =
                        new OlmoSplit(
                                staging.get(Format.OLMO),
                                split,
                                settings.olmo,
                                settings.olmoFileTokens,
                                sources);
            if (staging.containsKey(Format.ARROW))
                arrow =
                        new HuggingFaceArrowSplit(
                                staging.get(Format.ARROW),
                                split,
                                summary.shards().size(),
                                manifest.fingerprint().substring(0, 16),
                                "mixlab mixture '"
                                        + manifest.mixture()
                                        + "', "
                                        + split.label()
                                        + " split: rows of seq_len "
                                        + seqLen
                                        + " token ids (tokenizer "
                                        + manifest.tokenizer().spec()
                                        + "), in the order of its Parquet shards",
                                allocator);
            DocumentStream documents = null;
            if (megatron != null || olmo != null) {
                List<DocumentStream.Sink> sinks = new ArrayList<>();
                if (megatron != null) sinks.add(megatron);
                if (olmo != null) sinks.add(olmo);
                documents =
                        new DocumentStream(
                                sources,
                                rows,
                                padded,
                                seqLen,
                                (source, tokens, length) -> {
                                    checkVocabulary(tokens, length, vocabSize, sources.get(source));
                                    for (DocumentStream.Sink sink : sinks)
                                        sink.document(source, tokens, length);
                                });
            }
            Iterator<Schedule.Slot> cursor = layout.schedule().cursor();
            long position = 0;
            for (ShardInfo shard : summary.shards()) {
                if (arrow != null) arrow.startShard();
                try (ParquetRowReader<MixtureRow> reader =
                        ParquetRowReader.open(
                                mixtureDir.resolve(shard.file()), MixtureRow.FORMAT)) {
                    while (reader.hasNext()) {
                        MixtureRow row = reader.next();
                        if (!cursor.hasNext())
                            throw damaged(split, "more rows than the manifest lists");
                        Schedule.Slot slot = cursor.next();
                        if (!row.source().equals(sources.get(slot.source()))) {
                            throw damaged(
                                    split,
                                    "row "
                                            + position
                                            + " ("
                                            + shard.file()
                                            + ") is of source '"
                                            + row.source()
                                            + "', the schedule puts a row of '"
                                            + sources.get(slot.source())
                                            + "' there");
                        }
                        if (arrow != null) arrow.row(row);
                        if (documents != null)
                            documents.accept(slot.source(), slot.rowIndex(), row);
                        position++;
                    }
                }
                if (arrow != null) arrow.endShard();
            }
            if (position != summary.rows())
                throw damaged(
                        split,
                        "the shards hold " + position + " rows, the manifest " + summary.rows());
            String seconds =
                    String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
            if (documents != null) {
                documents.finish();
                Map<String, ExportSource> perSource = new LinkedHashMap<>();
                long tokens = 0;
                long docs = 0;
                for (int s = 0; s < sources.size(); s++) {
                    SourceSummary expected = summary.sources().get(sources.get(s));
                    if (documents.tokens(s) != expected.tokens()
                            || documents.documents(s) != expected.documents()) {
                        throw damaged(
                                split,
                                String.format(
                                        Locale.ROOT,
                                        "source '%s' has %,d tokens in %,d documents in the shards, the manifest says %,d in %,d",
                                        sources.get(s),
                                        documents.tokens(s),
                                        documents.documents(s),
                                        expected.tokens(),
                                        expected.documents()));
                    }
                    perSource.put(
                            sources.get(s),
                            new ExportSource(null, documents.documents(s), documents.tokens(s)));
                    tokens += documents.tokens(s);
                    docs += documents.documents(s);
                }
                if (megatron != null) {
                    result.megatron =
                            new ExportSplit(null, docs, tokens, perSource, megatron.finish());
                    progress.line(
                            String.format(
                                    Locale.ROOT,
                                    "%s: megatron %s: %,d documents, %,d tokens (%s) in %s",
                                    manifest.mixture(),
                                    split.label(),
                                    docs,
                                    tokens,
                                    settings.megatron.label(),
                                    seconds));
                }
                if (olmo != null) {
                    List<ExportFile> files = olmo.finish();
                    result.olmo = new ExportSplit(null, docs, tokens, perSource, files);
                    progress.line(
                            String.format(
                                    Locale.ROOT,
                                    "%s: olmo %s: %,d tokens (%s) in %d file(s) in %s",
                                    manifest.mixture(),
                                    split.label(),
                                    tokens,
                                    settings.olmo.label(),
                                    files.size() / 2,
                                    seconds));
                }
            }
            if (arrow != null) {
                Map<String, ExportSource> perSource = new LinkedHashMap<>();
                for (int s = 0; s < sources.size(); s++)
                    perSource.put(
                            sources.get(s), new ExportSource(rows[s], null, rows[s] * seqLen));
                result.arrow =
                        new ExportSplit(
                                position, null, position * seqLen, perSource, arrow.finish());
                progress.line(
                        String.format(
                                Locale.ROOT,
                                "%s: arrow %s: %,d rows in %d file(s) in %s",
                                manifest.mixture(),
                                split.label(),
                                position,
                                Math.max(1, summary.shards().size()),
                                seconds));
            }
            return result;
        } finally {
            if (megatron != null) megatron.close();
            if (olmo != null) olmo.close();
            if (arrow != null) arrow.close();
        }
    }

    private static void checkVocabulary(int[] tokens, int length, int vocabSize, String source) {
        for (int i = 0; i < length; i++) {
            int token = tokens[i];
            if (token < 0 || token >= vocabSize) {
                throw new IllegalStateException(
                        "a document of source '"
                                + source
                                + "' holds token id "
                                + token
                                + ", outside the vocabulary of the mixture's tokenizer (ids 0.."
                                + (vocabSize - 1)
                                + "); the shards were not made with this tokenizer");
            }
        }
    }

    private static IllegalStateException damaged(PoolRecord.Split split, String what) {
        return new IllegalStateException(
                split.label()
                        + " split: "
                        + what
                        + "; the shards do not match the manifest (run 'mixlab inspect' on the mixture, and rebuild it)");
    }
}
