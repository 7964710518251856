package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One split as a Megatron-core indexed dataset: {@code <split>_text_document.bin} (the token ids,
 * one sequence per document, back to back) and {@code .idx}, laid out as Megatron-core's {@code
 * indexed_dataset} reads it:
 *
 * <pre>
 * "MMIDIDX\0\0"                 9 bytes
 * version = 1                   uint64
 * dtype code                    uint8   (8 = uint16, 4 = int32)
 * sequence count N              uint64
 * document count N + 1          uint64  (the length of the document index)
 * sequence lengths              N × int32 (tokens)
 * sequence pointers             N × int64 (byte offsets into .bin)
 * document index                (N + 1) × int64: 0, 1, …, N (one sequence per document)
 * </pre>
 *
 * all little-endian; plus {@code <split>_text_document.documents.csv.gz} ({@link DocumentList}).
 */
final class MegatronSplit implements DocumentStream.Sink, AutoCloseable {
    static final String DIRECTORY = "megatron";
    static final byte[] MAGIC = "MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII);
    static final long VERSION = 1;

    private final Path dir;
    private final String prefix;
    private final TokenType type;
    private final List<String> sources;
    private final TokenOutput bin;
    private final DocumentList documents;
    private int[] lengths = new int[1024];
    private int count;
    private long position;

    /**
     * @param dir the directory the files go to (the export's staging directory)
     */
    MegatronSplit(Path dir, PoolRecord.Split split, TokenType type, List<String> sources)
            throws IOException {
        this.dir = dir;
        this.prefix = prefix(split);
        this.type = type;
        this.sources = sources;
        this.bin = new TokenOutput(file(".bin"), type);
        this.documents = new DocumentList(file(".documents" + DocumentList.SUFFIX));
    }

    /** The path prefix Megatron-LM's {@code --data-path} takes (without .bin / .idx). */
    static String prefix(PoolRecord.Split split) {
        return split.label() + "_text_document";
    }

    private HashedFile file(String suffix) throws IOException {
        return new HashedFile(dir.resolve(prefix + suffix), DIRECTORY + "/" + prefix + suffix);
    }

    @Override
    public void document(int source, int[] tokens, int length) throws IOException {
        bin.write(tokens, 0, length);
        documents.add(position, position + length, sources.get(source));
        position += length;
        if (count == lengths.length) lengths = Arrays.copyOf(lengths, count * 2);
        lengths[count++] = length;
    }

    /** Writes the index and describes the three files: .bin, .idx, .documents.csv.gz. */
    List<ExportFile> finish() throws IOException {
        ExportFile data = bin.finish();
        HashedFile idx = file(".idx");
        try (idx) {
            ByteBuffer header = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putLong(VERSION).put((byte) type.megatronCode());
            header.putLong(count).putLong(count + 1L);
            idx.write(header.array(), 0, header.position());
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) buffer = put(idx, buffer, 4).putInt(lengths[i]);
            long pointer = 0;
            for (int i = 0; i < count; i++) {
                buffer = put(idx, buffer, 8).putLong(pointer);
                pointer += (long) lengths[i] * type.bytes();
            }
            for (long i = 0; i <= count; i++) buffer = put(idx, buffer, 8).putLong(i);
            idx.write(buffer.array(), 0, buffer.position());
        }
        return List.of(data, idx.finish(null, null), documents.finish());
    }

    /** {@code buffer}, emptied into {@code out} first when fewer than {@code bytes} are left. */
    private static ByteBuffer put(HashedFile out, ByteBuffer buffer, int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return buffer;
    }

    @Override
    public void close() throws IOException {
        bin.close();
        documents.close();
    }
}
