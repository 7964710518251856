package dev.mixlab.mixtures.export;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A file being written whose size and SHA-256 are taken on the way, so the manifest can list it
 * without reading it again.
 */
final class HashedFile extends OutputStream {
    private final Path path;
    private final String name;
    private final OutputStream out;
    private final MessageDigest sha256 = Sha256.newDigest();
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
        return new ExportFile(name, rows, tokens, bytes, Sha256.hex(sha256));
    }

    /** Size and SHA-256 of an existing file, as {@link #finish} reports them. */
    static ExportFile describe(Path file, String name, Long rows, Long tokens) throws IOException {
        return new ExportFile(name, rows, tokens, Files.size(file), Sha256.hexOf(file));
    }
}
