package dev.mixlab.mixtures.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD (and no compression) for Parquet pages on zstd-jni directly. parquet-java's own {@code
 * CodecFactory} goes through Hadoop's codec classes and fails without hadoop-common ({@code
 * NoClassDefFoundError: ZlibCompressor}); this factory needs no Hadoop at all. Compression is
 * single-threaded at a fixed level, so the same pages always compress to the same bytes.
 */
public final class ZstdCodecFactory implements CompressionCodecFactory {
    public static final int DEFAULT_LEVEL = 3;

    private final int level;

    public ZstdCodecFactory(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException(
                    "ZSTD level "
                            + level
                            + " is outside "
                            + Zstd.minCompressionLevel()
                            + ".."
                            + Zstd.maxCompressionLevel());
        }
        this.level = level;
    }

    public int level() {
        return level;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new ZstdCompressor(level);
            case UNCOMPRESSED -> new Uncompressed();
            default -> throw unsupported(codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new ZstdDecompressor();
            case UNCOMPRESSED -> new Uncompressed();
            default -> throw unsupported(codec);
        };
    }

    @Override
    public void release() {
        // The codecs hold no native resources between calls.
    }

    private static UnsupportedOperationException unsupported(CompressionCodecName codec) {
        return new UnsupportedOperationException(
                "Parquet codec "
                        + codec
                        + " is not supported here; mixlab writes and reads"
                        + " ZSTD or uncompressed files (rewrite the file with ZSTD, e.g. with DuckDB's COPY ... (COMPRESSION zstd))");
    }

    private static final class ZstdCompressor implements BytesInputCompressor {
        private final int level;
        private final PageBuffer page = new PageBuffer();

        ZstdCompressor(int level) {
            this.level = level;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            page.reset();
            bytes.writeAllTo(page);
            byte[] out = new byte[Math.toIntExact(Zstd.compressBound(page.size()))];
            long size =
                    Zstd.compressByteArray(out, 0, out.length, page.bytes(), 0, page.size(), level);
            if (Zstd.isError(size))
                throw new IOException("ZSTD compression failed: " + Zstd.getErrorName(size));
            return BytesInput.from(out, 0, (int) size);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
    }

    private static final class ZstdDecompressor implements BytesInputDecompressor {
        private final PageBuffer page = new PageBuffer();

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            page.reset();
            bytes.writeAllTo(page);
            byte[] out = new byte[decompressedSize];
            check(
                    Zstd.decompressByteArray(
                            out, 0, decompressedSize, page.bytes(), 0, page.size()),
                    decompressedSize);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(
                ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            if (input.isDirect() && output.isDirect()) {
                check(
                        Zstd.decompressDirectByteBuffer(
                                output,
                                output.position(),
                                decompressedSize,
                                input,
                                input.position(),
                                compressedSize),
                        decompressedSize);
                output.position(output.position() + decompressedSize);
            } else {
                byte[] in = new byte[compressedSize];
                input.duplicate().get(in);
                byte[] out = new byte[decompressedSize];
                check(
                        Zstd.decompressByteArray(out, 0, decompressedSize, in, 0, compressedSize),
                        decompressedSize);
                output.put(out);
            }
        }

        private static void check(long result, int expectedSize) throws IOException {
            if (Zstd.isError(result))
                throw new IOException("corrupt ZSTD page: " + Zstd.getErrorName(result));
            if (result != expectedSize) {
                throw new IOException(
                        "corrupt ZSTD page: decompressed to "
                                + result
                                + " bytes, the page header says "
                                + expectedSize);
            }
        }

        @Override
        public void release() {}
    }

    private static final class Uncompressed
            implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) {
            return bytes;
        }

        @Override
        public void decompress(
                ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) {
            ByteBuffer slice = input.duplicate();
            slice.limit(slice.position() + compressedSize);
            output.put(slice);
        }

        @Override
        public void release() {}
    }

    /**
     * A reusable page-sized byte buffer that exposes its array, so zstd-jni reads pages without
     * another copy.
     */
    private static final class PageBuffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
