package dev.mixlab.mixtures.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Token ids written to a {@link HashedFile} as little-endian integers of one {@link TokenType}. */
final class TokenOutput implements AutoCloseable {
    private final HashedFile file;
    private final TokenType type;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long tokens;

    TokenOutput(HashedFile file, TokenType type) {
        this.file = file;
        this.type = type;
    }

    void write(int[] ids, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (buffer.remaining() < 4) flush();
            type.put(buffer, ids[i]);
        }
        tokens += to - from;
    }

    long tokens() {
        return tokens;
    }

    private void flush() throws IOException {
        file.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** Closes the file and describes it for the manifest. */
    dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile finish() throws IOException {
        flush();
        return file.finish(null, tokens);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
