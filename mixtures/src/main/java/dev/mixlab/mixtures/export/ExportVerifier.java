package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportSource;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportSplit;
import dev.mixlab.mixtures.assembly.MixtureManifest.Exports;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.MixtureManifest.TokenExport;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks the exports a manifest lists: every file is there with its size and SHA-256; the token
 * files hold, per source, exactly the document tokens and documents of the Parquet shards; their
 * sizes agree with their dtype; a Megatron index has the header Megatron-core expects; the Arrow
 * layout has the Parquet shards' rows.
 */
public final class ExportVerifier {
    private ExportVerifier() {}

    /** Adds a line to {@code problems} for everything that differs. */
    public static void verify(Path mixtureDir, MixtureManifest manifest, List<String> problems) {
        Exports exports = manifest.exports();
        if (exports == null) return;
        for (PoolRecord.Split split : PoolRecord.Split.values()) {
            if (exports.megatron() != null)
                verifyTokens(mixtureDir, manifest, "megatron", exports.megatron(), split, problems);
            if (exports.olmo() != null)
                verifyTokens(mixtureDir, manifest, "olmo", exports.olmo(), split, problems);
            if (exports.arrow() != null) {
                ExportSplit arrow = exports.arrow().split(split);
                String where = "arrow " + split.label();
                verifyFiles(mixtureDir, where, arrow.files(), problems);
                long rows = manifest.split(split).rows();
                if (arrow.rows() == null || arrow.rows() != rows)
                    problems.add(
                            where + ": " + arrow.rows() + " rows listed, the shards have " + rows);
                long fileRows =
                        arrow.files().stream()
                                .filter(f -> f.rows() != null)
                                .mapToLong(ExportFile::rows)
                                .sum();
                if (fileRows != rows)
                    problems.add(
                            where
                                    + ": its data files hold "
                                    + fileRows
                                    + " rows, the shards "
                                    + rows);
            }
        }
    }

    private static void verifyTokens(
            Path mixtureDir,
            MixtureManifest manifest,
            String format,
            TokenExport export,
            PoolRecord.Split split,
            List<String> problems) {
        String where = format + " " + split.label();
        ExportSplit tokens = export.split(split);
        if (tokens == null) {
            problems.add(where + ": not listed in the manifest; export the mixture again");
            return;
        }
        verifyFiles(mixtureDir, where, tokens.files(), problems);
        Map<String, SourceSummary> expected = manifest.split(split).sources();
        if (!expected.keySet().equals(tokens.sources().keySet())) {
            problems.add(
                    where
                            + ": sources "
                            + tokens.sources().keySet()
                            + ", the shards have "
                            + expected.keySet());
        }
        expected.forEach(
                (source, summary) -> {
                    ExportSource got = tokens.sources().get(source);
                    if (got == null) return;
                    if (got.tokens() != summary.tokens()
                            || got.documents() == null
                            || got.documents() != summary.documents()) {
                        problems.add(
                                where
                                        + ": source '"
                                        + source
                                        + "' has "
                                        + got.tokens()
                                        + " tokens in "
                                        + got.documents()
                                        + " documents, the Parquet shards "
                                        + summary.tokens()
                                        + " in "
                                        + summary.documents()
                                        + " (padding excluded)");
                    }
                });
        TokenType type;
        try {
            type = TokenType.of(export.dtype());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": unknown dtype '" + export.dtype() + "'");
            return;
        }
        long dataTokens = 0;
        for (ExportFile file : tokens.files()) {
            if (file.tokens() == null) continue;
            dataTokens += file.tokens();
            if (file.bytes() != file.tokens() * type.bytes()) {
                problems.add(
                        file.file()
                                + ": "
                                + file.bytes()
                                + " bytes listed for "
                                + file.tokens()
                                + " "
                                + type.label()
                                + " tokens");
            }
        }
        if (dataTokens != tokens.tokens())
            problems.add(
                    where
                            + ": its files hold "
                            + dataTokens
                            + " tokens, "
                            + tokens.tokens()
                            + " listed");
        if (format.equals("megatron"))
            verifyIndex(mixtureDir, where, tokens, type, split, problems);
    }

    /** The .idx header: magic, version, dtype code, sequence and document counts. */
    private static void verifyIndex(
            Path mixtureDir,
            String where,
            ExportSplit tokens,
            TokenType type,
            PoolRecord.Split split,
            List<String> problems) {
        Path idx =
                mixtureDir
                        .resolve(MegatronSplit.DIRECTORY)
                        .resolve(MegatronSplit.prefix(split) + ".idx");
        if (!Files.isRegularFile(idx)) return; // reported as a missing file
        byte[] header = new byte[34];
        try (InputStream in = Files.newInputStream(idx)) {
            if (in.readNBytes(header, 0, header.length) != header.length) {
                problems.add(where + ": " + idx.getFileName() + " is shorter than its header");
                return;
            }
        } catch (IOException e) {
            problems.add(where + ": cannot read " + idx + ": " + e.getMessage());
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MegatronSplit.MAGIC.length];
        buffer.get(magic);
        long version = buffer.getLong();
        int code = buffer.get();
        long sequences = buffer.getLong();
        long documents = buffer.getLong();
        if (!Arrays.equals(magic, MegatronSplit.MAGIC)
                || version != MegatronSplit.VERSION
                || code != type.megatronCode()
                || tokens.documents() == null
                || sequences != tokens.documents()
                || documents != sequences + 1) {
            problems.add(
                    String.format(
                            "%s: %s header says version %d, dtype code %d, %d sequences, %d document index entries;"
                                    + " expected MMIDIDX version 1, code %d, %d and %d",
                            where,
                            idx.getFileName(),
                            version,
                            code,
                            sequences,
                            documents,
                            type.megatronCode(),
                            tokens.documents(),
                            tokens.documents() == null ? 0 : tokens.documents() + 1));
        }
    }

    private static void verifyFiles(
            Path mixtureDir, String where, List<ExportFile> files, List<String> problems) {
        for (ExportFile expected : files) {
            Path file = mixtureDir.resolve(expected.file());
            if (!Files.isRegularFile(file)) {
                problems.add(
                        where + ": " + expected.file() + " is missing; export the mixture again");
                continue;
            }
            ExportFile actual;
            try {
                actual = HashedFile.describe(file, expected.file(), null, null);
            } catch (IOException e) {
                problems.add(where + ": cannot read " + expected.file() + ": " + e.getMessage());
                continue;
            }
            if (actual.bytes() != expected.bytes() || !actual.sha256().equals(expected.sha256())) {
                problems.add(
                        where
                                + ": "
                                + expected.file()
                                + " has "
                                + actual.bytes()
                                + " bytes and SHA-256 "
                                + actual.sha256()
                                + ", the manifest says "
                                + expected.bytes()
                                + " and "
                                + expected.sha256()
                                + "; the file was changed or damaged: export again with --force");
            }
        }
    }
}
