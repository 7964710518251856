package dev.mixlab.cli;

import dev.mixlab.mixtures.assembly.MixtureInspector;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.TokenizerSpec;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Summarise a built mixture from its manifest and verify it: every shard's SHA-256 and row count, each source's rows "
                    + "and share (within one row of its target) and the schedule's order over every prefix. Exit 1 when anything differs.",
            "PATH is a mixture directory (WORKDIR/mixtures/<mixture>) or a directory of them (WORKDIR/mixtures).",
            "--decode N turns the first N rows back into text, document by document, with the mixture's tokenizer."
        })
final class InspectCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "PATH",
            description = "A mixture directory, or a directory of mixture directories.")
    Path path;

    @Option(
            names = "--decode",
            paramLabel = "N",
            description = "Decode the first N rows of the split (default: none).")
    int decode;

    @Option(
            names = "--split",
            paramLabel = "SPLIT",
            defaultValue = "train",
            description = "The split to decode: train (default) or validation.")
    String split;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (decode < 0) throw new UsageException("--decode must be ≥ 0 rows, found " + decode);
        PoolRecord.Split decodeSplit;
        try {
            decodeSplit = PoolRecord.Split.of(split);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--split " + split + ": use train or validation", e);
        }
        PrintWriter out = command.commandLine().getOut();
        List<String> failed = new ArrayList<>();
        for (Path mixture : mixtureDirs(path)) {
            MixtureInspector.Report report = MixtureInspector.verify(mixture);
            out.print(summary(mixture, report));
            if (!report.ok())
                failed.add(
                        report.manifest().mixture() + ": " + String.join("; ", report.problems()));
            if (decode > 0) printDecoded(out, mixture, report.manifest(), decodeSplit);
            out.flush();
        }
        if (!failed.isEmpty())
            throw new CommandFailure("verification failed for " + String.join(" | ", failed));
        return ExitCodes.OK;
    }

    /** {@code path} itself when it holds a manifest, else its subdirectories that do, by name. */
    static List<Path> mixtureDirs(Path path) {
        if (Files.isRegularFile(path.resolve(MixtureManifest.FILE_NAME))) return List.of(path);
        List<Path> mixtures = List.of();
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                mixtures =
                        children.filter(
                                        child ->
                                                Files.isRegularFile(
                                                        child.resolve(MixtureManifest.FILE_NAME)))
                                .sorted()
                                .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
            }
        }
        if (mixtures.isEmpty()) {
            throw new UsageException(
                    path
                            + " is not a built mixture (no "
                            + MixtureManifest.FILE_NAME
                            + ") and holds none; give WORKDIR/mixtures/<mixture> or WORKDIR/mixtures, after 'mixlab mix' or 'mixlab build'");
        }
        return mixtures;
    }

    /**
     * The manifest in a few lines, each split's sources against their targets, and the
     * verification's verdict.
     */
    static String summary(Path dir, MixtureInspector.Report report) {
        MixtureManifest m = report.manifest();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "mixture %s  %s%n", m.mixture(), dir));
        text.append(
                String.format(
                        Locale.ROOT,
                        "  fingerprint %s, mixlab %s, tokenizer %s (eos %d), seq_len %d, budget %,d tokens, seed %d%n",
                        m.fingerprint().substring(0, 16),
                        m.softwareVersion(),
                        m.tokenizer().spec(),
                        m.tokenizer().eosId(),
                        m.spec().seqLen(),
                        m.spec().budgetTokens(),
                        m.spec().seed()));
        text.append(
                String.format(
                        Locale.ROOT,
                        "  layout %s, shuffle window %d, %,d rows per shard, %s level %d%n",
                        m.layout().schedule(),
                        m.layout().shuffleWindow(),
                        m.layout().rowsPerShard(),
                        m.layout().parquetCodec(),
                        m.layout().zstdLevel()));
        for (PoolRecord.Split split : PoolRecord.Split.values()) {
            MixtureManifest.SplitSummary s = m.split(split);
            text.append(
                    String.format(
                            Locale.ROOT,
                            "  %s: %,d rows, %,d tokens (%,d padding) in %d shard(s)%n",
                            split.label(),
                            s.rows(),
                            s.tokens(),
                            s.paddedTokens(),
                            s.shards().size()));
            text.append(
                    String.format(
                            Locale.ROOT,
                            "    %-14s %7s %8s %13s %13s %9s %8s %7s  %s%n",
                            "source",
                            "weight",
                            "share",
                            "target",
                            "tokens",
                            "rows",
                            "docs",
                            "epochs",
                            "prefix dev (bound)"));
            for (MixtureInspector.SourceCheck check : report.sources().get(split)) {
                MixtureManifest.SourceSummary source = s.sources().get(check.source());
                text.append(
                        String.format(
                                Locale.ROOT,
                                "    %-14s %7s %7.2f%% %,13d %,13d %,9d %,8d %7.3f  %.2f (%.2f)%n",
                                check.source(),
                                Double.isNaN(check.weight())
                                        ? "-"
                                        : String.format(Locale.ROOT, "%.3f", check.weight()),
                                100 * check.share(),
                                source.targetTokens(),
                                source.tokens(),
                                source.rows(),
                                source.documents(),
                                source.epochs(),
                                check.maxPrefixError(),
                                check.prefixTolerance()));
            }
            text.append(languages(s));
        }
        MixtureManifest.Exports exports = m.exports();
        if (exports != null) {
            if (exports.megatron() != null)
                text.append(exportLine("megatron", exports.megatron(), dir));
            if (exports.olmo() != null) text.append(exportLine("olmo", exports.olmo(), dir));
            if (exports.arrow() != null) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "  export arrow: %s/arrow (datasets.load_from_disk): train %,d rows, validation %,d rows%n",
                                dir,
                                exports.arrow().train().rows(),
                                exports.arrow().validation().rows()));
            }
        }
        if (report.ok()) {
            text.append(
                    "  verified: shard hashes and rows, rows per source, shares within one row of target, schedule order"
                            + (exports == null ? "" : ", export files and their per-source tokens")
                            + "\n");
        } else {
            text.append("  VERIFICATION FAILED:\n");
            report.problems().forEach(problem -> text.append("    ").append(problem).append('\n'));
        }
        return text.toString();
    }

    /** At most this many languages per source are listed; the rest are summed in one entry. */
    private static final int LANGUAGES_SHOWN = 12;

    /**
     * Tokens per (source, language) of a split, as shares of the split's document tokens, for
     * manifests that record them; sources with a single language are listed too, so that every
     * token of the split is accounted for.
     */
    static String languages(MixtureManifest.SplitSummary split) {
        long total =
                split.sources().values().stream()
                        .mapToLong(MixtureManifest.SourceSummary::tokens)
                        .sum();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, MixtureManifest.SourceSummary> source : split.sources().entrySet()) {
            Map<String, Long> languages = source.getValue().languages();
            if (languages == null || languages.isEmpty()) continue;
            StringBuilder line = new StringBuilder();
            int shown = 0;
            long rest = 0;
            for (Map.Entry<String, Long> language : languages.entrySet()) {
                if (shown++ < LANGUAGES_SHOWN)
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    "%s%s %,d (%.2f%%)",
                                    line.length() == 0 ? "" : ", ",
                                    language.getKey(),
                                    language.getValue(),
                                    total == 0 ? 0.0 : 100.0 * language.getValue() / total));
                else rest += language.getValue();
            }
            if (shown > LANGUAGES_SHOWN)
                line.append(
                        String.format(
                                Locale.ROOT,
                                ", %d more %,d (%.2f%%)",
                                shown - LANGUAGES_SHOWN,
                                rest,
                                total == 0 ? 0.0 : 100.0 * rest / total));
            text.append(
                    String.format(
                            Locale.ROOT, "    %-14s by language: %s%n", source.getKey(), line));
        }
        return text.toString();
    }

    private static String exportLine(String format, MixtureManifest.TokenExport export, Path dir) {
        return String.format(
                Locale.ROOT,
                "  export %s: %s/%s, %s tokens (vocabulary %,d, eos %d): train %,d documents = %,d tokens, validation %,d = %,d%n",
                format,
                dir,
                format,
                export.dtype(),
                export.vocabSize(),
                export.eosId(),
                export.train().documents(),
                export.train().tokens(),
                export.validation().documents(),
                export.validation().tokens());
    }

    private void printDecoded(
            PrintWriter out, Path dir, MixtureManifest manifest, PoolRecord.Split split) {
        try (Tokenizer tokenizer = tokenizer(manifest)) {
            for (MixtureInspector.DecodedRow row :
                    MixtureInspector.decode(dir, split, decode, tokenizer::decode)) {
                out.printf(
                        Locale.ROOT,
                        "--- %s row %d, source %s, documents start at %s%n",
                        split.label(),
                        row.position(),
                        row.source(),
                        Arrays.toString(row.docStarts()));
                boolean continues = row.docStarts().length == 0 || row.docStarts()[0] != 0;
                for (int piece = 0; piece < row.documents().size(); piece++) {
                    out.println(
                            piece == 0 && continues
                                    ? "[continued from the previous row of " + row.source() + "]"
                                    : "[document start]");
                    out.println(row.documents().get(piece));
                }
            }
        }
    }

    /**
     * The tokenizer named in the manifest, checked against the one the pools were tokenized with.
     */
    static Tokenizer tokenizer(MixtureManifest manifest) {
        String spec = manifest.tokenizer().spec();
        Tokenizer tokenizer =
                (TokenizerSpec.ENCODINGS.contains(spec)
                                ? TokenizerFactory.encoding(spec)
                                : TokenizerFactory.huggingFace(Path.of(spec)))
                        .open();
        if (!tokenizer.fingerprint().equals(manifest.tokenizer().pools())) {
            tokenizer.close();
            throw new CommandFailure(
                    "cannot decode: the tokenizer "
                            + spec
                            + " is now "
                            + tokenizer.fingerprint()
                            + ", but the pools of mixture '"
                            + manifest.mixture()
                            + "' were tokenized with "
                            + manifest.tokenizer().pools());
        }
        return tokenizer;
    }
}
