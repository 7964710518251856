package dev.mixlab.pipelines.mix;

import dev.mixlab.mixtures.assembly.ShardGroup;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A shard group on its way from a source's packer to its shard's writer: a small header (shard,
 * source, row count, row length), the rows' indices and document starts, then every row's tokens in
 * one block of little-endian ints, so encoding and decoding are bulk copies rather than work per
 * token.
 */
final class ShardGroupCoder extends CustomCoder<ShardGroup> {
    static final ShardGroupCoder INSTANCE = new ShardGroupCoder();

    @Override
    public void encode(ShardGroup group, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        int rows = group.size();
        int seqLen = rows == 0 ? 0 : group.inputIds(0).length;
        int starts = 0;
        for (int row = 0; row < rows; row++) starts += group.docStarts(row).length;
        data.writeInt(group.shard());
        data.writeUTF(group.source());
        data.writeInt(rows);
        data.writeInt(seqLen);
        data.writeInt(starts);
        ByteBuffer bytes =
                ByteBuffer.allocate(((2 + seqLen) * rows + starts) * Integer.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        IntBuffer ints = bytes.asIntBuffer();
        for (int row = 0; row < rows; row++) {
            ints.put(group.indexInShard(row));
            ints.put(group.docStarts(row).length);
            ints.put(group.docStarts(row));
        }
        for (int row = 0; row < rows; row++) {
            int[] tokens = group.inputIds(row);
            if (tokens.length != seqLen) {
                throw new IllegalArgumentException(
                        "shard group of source '"
                                + group.source()
                                + "': rows of "
                                + seqLen
                                + " and "
                                + tokens.length
                                + " tokens");
            }
            ints.put(tokens);
        }
        data.write(bytes.array());
        data.flush();
    }

    @Override
    public ShardGroup decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int shard = data.readInt();
        String source = data.readUTF();
        int rows = data.readInt();
        int seqLen = data.readInt();
        int starts = data.readInt();
        byte[] bytes = new byte[((2 + seqLen) * rows + starts) * Integer.BYTES];
        data.readFully(bytes);
        IntBuffer ints = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] indexInShard = new int[rows];
        int[][] docStarts = new int[rows][];
        for (int row = 0; row < rows; row++) {
            indexInShard[row] = ints.get();
            docStarts[row] = new int[ints.get()];
            ints.get(docStarts[row]);
        }
        int[][] inputIds = new int[rows][seqLen];
        for (int row = 0; row < rows; row++) ints.get(inputIds[row]);
        return new ShardGroup(shard, source, indexInShard, inputIds, docStarts);
    }

    @Override
    public void verifyDeterministic() {}
}
