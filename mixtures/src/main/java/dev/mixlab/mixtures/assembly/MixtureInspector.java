package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks a built mixture against its manifest and shows what is in it. {@link #verify} re-hashes
 * every shard, compares row counts, reads the {@code source} column alone to count rows per source
 * and to measure the largest deviation from the target shares over every prefix of the stream
 * (against the schedule's stated tolerance), and checks every train source is within one row of its
 * target, and checks the exports it lists ({@code ExportVerifier}); {@link #decode} turns the first
 * rows back into text with a decoder supplied by the caller (the tokenizer lives elsewhere).
 */
public final class MixtureInspector {
    private static final List<String> SOURCE_COLUMN = List.of("source");

    private MixtureInspector() {}

    /**
     * @param expectedRows rows of the source according to the manifest
     * @param foundRows rows of the source in the shards
     * @param share the source's share of the split's document tokens according to the manifest
     * @param weight the source's weight in the spec (validation: NaN, it has none)
     * @param maxPrefixError the largest {@code |rows of the source in the first P rows − P × its
     *     row share|} over all P
     * @param prefixTolerance what the schedule guarantees for it ({@link Schedule#prefixTolerance})
     */
    public record SourceCheck(
            String source,
            long expectedRows,
            long foundRows,
            double share,
            double weight,
            double maxPrefixError,
            double prefixTolerance) {}

    /** The result of {@link #verify}; {@code problems} is empty when the mixture is intact. */
    public record Report(
            MixtureManifest manifest,
            Map<PoolRecord.Split, List<SourceCheck>> sources,
            List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * A decoded row: {@code documents} are the row's pieces between document starts, decoded one by
     * one; the first piece continues a document from the previous row when {@code docStarts} does
     * not begin with 0.
     */
    public record DecodedRow(
            long position, String source, int[] docStarts, List<String> documents) {}

    public static Report verify(Path mixtureDir) {
        MixtureManifest manifest = MixtureManifest.read(mixtureDir);
        List<String> problems = new ArrayList<>();
        Map<PoolRecord.Split, List<SourceCheck>> sources = new LinkedHashMap<>();
        for (PoolRecord.Split split : PoolRecord.Split.values()) {
            sources.put(split, verifySplit(mixtureDir, manifest, split, problems));
        }
        dev.mixlab.mixtures.export.ExportVerifier.verify(mixtureDir, manifest, problems);
        checkNothingUnlisted(mixtureDir, manifest, problems);
        return new Report(manifest, sources, problems);
    }

    /**
     * A published mixture holds exactly what its manifest lists; anything else (a temporary file of
     * an interrupted build, a copied-in file) would be picked up by {@code part-*} globs or
     * mistaken for data.
     */
    private static void checkNothingUnlisted(
            Path mixtureDir, MixtureManifest manifest, List<String> problems) {
        Set<Path> listed = new HashSet<>();
        listed.add(mixtureDir.resolve(MixtureManifest.FILE_NAME).normalize());
        manifest.files().forEach(file -> listed.add(mixtureDir.resolve(file).normalize()));
        List<Path> unlisted;
        try (Stream<Path> walk = Files.walk(mixtureDir)) {
            unlisted =
                    walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> !listed.contains(p.normalize()))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + mixtureDir + ": " + e.getMessage(), e);
        }
        for (Path file : unlisted) {
            problems.add(
                    mixtureDir.relativize(file).toString().replace('\\', '/')
                            + " is not listed in the manifest (a leftover of an interrupted build, or"
                            + " added by hand): remove it, or rebuild the mixture with --force");
        }
    }

    private static List<SourceCheck> verifySplit(
            Path mixtureDir,
            MixtureManifest manifest,
            PoolRecord.Split split,
            List<String> problems) {
        SplitSummary summary = manifest.split(split);
        List<String> names = List.copyOf(summary.sources().keySet());
        long[] rows =
                names.stream().mapToLong(source -> summary.sources().get(source).rows()).toArray();
        Schedule schedule = new Schedule(rows, manifest.layout().shuffleWindow(), 0);
        PrefixShares prefix = new PrefixShares(names, rows, split, problems);
        long shardRows = 0;
        boolean allRead = true;
        for (ShardInfo expected : summary.shards()) {
            shardRows += expected.rows();
            if (checkShard(mixtureDir, expected, problems))
                prefix.add(mixtureDir.resolve(expected.file()));
            else allRead = false;
        }
        if (shardRows != summary.rows()) {
            problems.add(
                    split.label()
                            + ": the shards list "
                            + shardRows
                            + " rows, the split says "
                            + summary.rows());
        }
        List<SourceCheck> checks = new ArrayList<>();
        long documentTokens = summary.tokens() - summary.paddedTokens();
        for (int s = 0; s < names.size(); s++) {
            String source = names.get(s);
            SourceSummary expected = summary.sources().get(source);
            double weight =
                    split == PoolRecord.Split.TRAIN
                            ? manifest.spec().weights().get(source)
                            : Double.NaN;
            double share = documentTokens == 0 ? 0 : (double) expected.tokens() / documentTokens;
            checks.add(
                    new SourceCheck(
                            source,
                            expected.rows(),
                            prefix.counts[s],
                            share,
                            weight,
                            prefix.maxError[s],
                            schedule.prefixTolerance(s)));
            if (prefix.counts[s] != expected.rows()) {
                problems.add(
                        split.label()
                                + ": source '"
                                + source
                                + "' has "
                                + prefix.counts[s]
                                + " rows in the shards, the manifest says "
                                + expected.rows());
            }
            if (allRead && prefix.maxError[s] > schedule.prefixTolerance(s) + 1e-9) {
                problems.add(
                        String.format(
                                Locale.ROOT,
                                "%s: source '%s' strays %.2f rows from its share in some prefix of the stream; "
                                        + "the schedule allows %.2f: the shards are not in schedule order",
                                split.label(),
                                source,
                                prefix.maxError[s],
                                schedule.prefixTolerance(s)));
            }
            if (split == PoolRecord.Split.TRAIN) checkTarget(manifest, source, expected, problems);
        }
        return checks;
    }

    /**
     * Counts rows per source while streaming the {@code source} column in stream order, tracking
     * the worst prefix deviation.
     */
    private static final class PrefixShares {
        private final Map<String, Integer> index = new HashMap<>();
        private final long[] rows;
        private final long total;
        private final long[] counts;
        private final double[] maxError;
        private final PoolRecord.Split split;
        private final List<String> problems;
        private long seen;

        PrefixShares(
                List<String> names, long[] rows, PoolRecord.Split split, List<String> problems) {
            for (int s = 0; s < names.size(); s++) index.put(names.get(s), s);
            this.rows = rows;
            this.total = Arrays.stream(rows).sum();
            this.counts = new long[rows.length];
            this.maxError = new double[rows.length];
            this.split = split;
            this.problems = problems;
        }

        void add(Path shard) {
            try (ParquetRowReader<String> sources =
                    ParquetRowReader.open(
                            shard,
                            MixtureRow.FORMAT,
                            SOURCE_COLUMN,
                            null,
                            v -> v.string("source"))) {
                while (sources.hasNext()) {
                    String source = sources.next();
                    Integer s = index.get(source);
                    if (s == null) {
                        problems.add(
                                split.label()
                                        + ": "
                                        + shard.getFileName()
                                        + " holds rows of source '"
                                        + source
                                        + "', which the manifest does not list");
                        s = -1;
                        index.put(source, s);
                    }
                    seen++;
                    if (s >= 0) counts[s]++;
                    for (int t = 0; t < rows.length; t++) {
                        maxError[t] =
                                Math.max(
                                        maxError[t],
                                        Math.abs(counts[t] - (double) seen * rows[t] / total));
                    }
                }
            }
        }
    }

    private static boolean checkShard(Path mixtureDir, ShardInfo expected, List<String> problems) {
        Path file = mixtureDir.resolve(expected.file());
        if (!Files.isRegularFile(file)) {
            problems.add("shard " + expected.file() + " is missing; rebuild the mixture");
            return false;
        }
        ShardInfo actual;
        try {
            actual = ShardWriter.describe(mixtureDir, expected.file());
        } catch (IOException | RuntimeException e) {
            problems.add(
                    "shard "
                            + expected.file()
                            + " cannot be read ("
                            + e.getMessage()
                            + "); rebuild the mixture");
            return false;
        }
        if (!actual.sha256().equals(expected.sha256())) {
            problems.add(
                    "shard "
                            + expected.file()
                            + " has SHA-256 "
                            + actual.sha256()
                            + ", the manifest says "
                            + expected.sha256()
                            + "; the file was changed or damaged: rebuild the mixture");
        }
        if (actual.rows() != expected.rows()) {
            problems.add(
                    "shard "
                            + expected.file()
                            + " has "
                            + actual.rows()
                            + " rows, the manifest says "
                            + expected.rows());
        }
        return true;
    }

    /** Each train source's rows must hold its share of the budget to within one row. */
    private static void checkTarget(
            MixtureManifest manifest, String source, SourceSummary s, List<String> problems) {
        int seqLen = manifest.spec().seqLen();
        if (Math.abs(s.tokens() + s.paddedTokens() - s.targetTokens()) >= seqLen) {
            problems.add(
                    "train: source '"
                            + source
                            + "' has "
                            + (s.tokens() + s.paddedTokens())
                            + " tokens in its rows, more than one row ("
                            + seqLen
                            + ") away from its target "
                            + s.targetTokens());
        }
    }

    /**
     * The first {@code count} rows of {@code split} in stream order, decoded document by document.
     */
    public static List<DecodedRow> decode(
            Path mixtureDir, PoolRecord.Split split, int count, Function<int[], String> decoder) {
        MixtureManifest manifest = MixtureManifest.read(mixtureDir);
        List<DecodedRow> decoded = new ArrayList<>();
        long position = 0;
        for (ShardInfo shard : manifest.split(split).shards()) {
            if (decoded.size() == count) break;
            try (ParquetRowReader<MixtureRow> rows =
                    ParquetRowReader.open(mixtureDir.resolve(shard.file()), MixtureRow.FORMAT)) {
                while (rows.hasNext() && decoded.size() < count) {
                    MixtureRow row = rows.next();
                    decoded.add(
                            new DecodedRow(
                                    position++,
                                    row.source(),
                                    row.docStarts(),
                                    pieces(row, decoder)));
                }
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException(
                        "cannot decode shard "
                                + shard.file()
                                + " of "
                                + mixtureDir
                                + ": "
                                + e.getMessage(),
                        e.getCause());
            }
        }
        return decoded;
    }

    private static List<String> pieces(MixtureRow row, Function<int[], String> decoder) {
        int[] tokens = row.inputIds();
        int[] starts = row.docStarts();
        List<String> pieces = new ArrayList<>();
        int from = 0;
        for (int start : starts) {
            if (start > from) pieces.add(decoder.apply(Arrays.copyOfRange(tokens, from, start)));
            from = start;
        }
        pieces.add(decoder.apply(Arrays.copyOfRange(tokens, from, tokens.length)));
        return pieces;
    }
}
