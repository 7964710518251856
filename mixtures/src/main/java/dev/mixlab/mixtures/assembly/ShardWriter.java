package dev.mixlab.mixtures.assembly;

import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.parquet.ParquetRowWriter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Iterator;

/**
 * Writes one mixture shard — the work unit "per shard": given the shard's rows in position order,
 * the file is a function of those rows and the Parquet options alone, so any worker writes the same
 * bytes.
 */
public final class ShardWriter {
    private ShardWriter() {}

    /** A written shard as the manifest lists it. */
    public record ShardInfo(String file, long rows, long bytes, String sha256) {}

    /**
     * Writes {@code rows} to {@code mixtureDir/relativeFile} through a temporary name, renamed once
     * the file is complete, so a shard file under its final name is always whole. The temporary
     * name is unique, so two attempts at the same shard (a retried distributed task) never write
     * into one file.
     */
    public static ShardInfo write(
            Path mixtureDir,
            String relativeFile,
            Iterator<MixtureRow> rows,
            int seqLen,
            ParquetWriteOptions options)
            throws IOException {
        ShardInfo[] info = new ShardInfo[1];
        try {
            Publish.file(
                    mixtureDir.resolve(relativeFile),
                    temporary -> {
                        try (OutputStream out =
                                new BufferedOutputStream(
                                        Files.newOutputStream(temporary), 1 << 16)) {
                            info[0] = write(out, relativeFile, rows, seqLen, options);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return info[0];
    }

    /**
     * Writes {@code rows} as one Parquet file to {@code out} (closed at the end), e.g. a Beam
     * sink's channel.
     */
    public static ShardInfo write(
            OutputStream out,
            String name,
            Iterator<MixtureRow> rows,
            int seqLen,
            ParquetWriteOptions options)
            throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        ParquetRowWriter<MixtureRow> writer =
                ParquetRowWriter.open(
                        new DigestOutputStream(out, sha256), MixtureRow.FORMAT, options);
        try (writer) {
            while (rows.hasNext()) {
                MixtureRow row = rows.next();
                if (row.inputIds().length != seqLen) {
                    throw new IllegalArgumentException(
                            "shard "
                                    + name
                                    + ": row "
                                    + writer.rows()
                                    + " of source '"
                                    + row.source()
                                    + "' has "
                                    + row.inputIds().length
                                    + " tokens; every row must have seq_len = "
                                    + seqLen);
                }
                writer.write(row);
            }
        }
        return new ShardInfo(name, writer.rows(), writer.bytes(), Sha256.hex(sha256));
    }

    /** Describes an existing shard file: its rows (from the footer), size and SHA-256. */
    public static ShardInfo describe(Path mixtureDir, String relativeFile) throws IOException {
        Path file = mixtureDir.resolve(relativeFile);
        return new ShardInfo(
                relativeFile,
                ParquetRowReader.countRows(file),
                Files.size(file),
                Sha256.hexOf(file));
    }
}
