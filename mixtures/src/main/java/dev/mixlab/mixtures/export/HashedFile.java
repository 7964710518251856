package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.build.MixtureManifest.ExportFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file being written whose size and SHA-256 are taken on the way, so the manifest can list it
 * without reading it again.
 */
final class HashedFile extends OutputStream {
    private final Path path;
    private final String name;
    private final OutputStream out;
    private final MessageDigest sha256 = sha256();
    private long bytes;
    private boolean closed;

    /**
     * @param path where the file is written
     * @param name the file's name in the manifest (relative to the mixture directory)
     */
    HashedFile(Path path, String name) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        this.path = path;
        this.name = name;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        out.write(data, offset, length);
        sha256.update(data, offset, length);
        bytes += length;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        out.close();
    }

    Path path() {
        return path;
    }

    /** Closes the file and describes it for the manifest. */
    ExportFile finish(Long rows, Long tokens) throws IOException {
        close();
        return new ExportFile(name, rows, tokens, bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Size and SHA-256 of an existing file, as {@link #finish} reports them. */
    static ExportFile describe(Path file, String name, Long rows, Long tokens) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new ExportFile(name, rows, tokens, size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
