package dev.mixlab.mixtures.parquet;

import dev.mixlab.io.StoragePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file read through its file system's seekable channel, so a file in object storage is
 * read by ranges (footer, then the row groups asked for) without a local copy. Local files keep
 * Parquet's own {@link LocalInputFile}.
 */
final class ChannelInputFile implements InputFile {
    private final Path file;

    private ChannelInputFile(Path file) {
        this.file = file;
    }

    static InputFile of(Path file) {
        return StoragePaths.isLocal(file) ? new LocalInputFile(file) : new ChannelInputFile(file);
    }

    @Override
    public long getLength() throws IOException {
        return Files.size(file);
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(file);
        return new DelegatingSeekableInputStream(
                java.nio.channels.Channels.newInputStream(channel)) {
            @Override
            public long getPos() throws IOException {
                return channel.position();
            }

            @Override
            public void seek(long newPos) throws IOException {
                channel.position(newPos);
            }

            @Override
            public int read(ByteBuffer buf) throws IOException {
                return channel.read(buf);
            }

            @Override
            public void readFully(ByteBuffer buf) throws IOException {
                while (buf.hasRemaining()) {
                    if (channel.read(buf) < 0)
                        throw new java.io.EOFException(
                                file + ": ended " + buf.remaining() + " bytes early");
                }
            }
        };
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
