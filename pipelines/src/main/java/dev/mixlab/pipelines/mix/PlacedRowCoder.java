package dev.mixlab.pipelines.mix;

import dev.mixlab.mixtures.assembly.MixtureRow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Compact encoding of a placed row for the shuffle by shard: the index, the source name and the two
 * int arrays as raw big-endian ints (a row of seq_len 2048 is 8 KiB plus a few bytes).
 */
final class PlacedRowCoder extends CustomCoder<PlacedRow> {
    static final PlacedRowCoder INSTANCE = new PlacedRowCoder();

    @Override
    public void encode(PlacedRow placed, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(placed.indexInShard());
        data.writeUTF(placed.row().source());
        writeInts(data, placed.row().inputIds());
        writeInts(data, placed.row().docStarts());
        data.flush();
    }

    @Override
    public PlacedRow decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int index = data.readInt();
        String source = data.readUTF();
        int[] inputIds = readInts(data);
        int[] docStarts = readInts(data);
        return new PlacedRow(index, new MixtureRow(source, inputIds, docStarts));
    }

    @Override
    public void verifyDeterministic() {}

    private static void writeInts(DataOutputStream data, int[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES);
        bytes.asIntBuffer().put(values);
        data.writeInt(values.length);
        data.write(bytes.array());
    }

    private static int[] readInts(DataInputStream data) throws IOException {
        byte[] bytes = new byte[data.readInt() * Integer.BYTES];
        data.readFully(bytes);
        int[] values = new int[bytes.length / Integer.BYTES];
        ByteBuffer.wrap(bytes).asIntBuffer().get(values);
        return values;
    }
}
