package dev.mixlab.pipelines.curate;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.CustomCoder;

/** Compact encoding of a tokenized pool document for the shuffle that sorts pool parts. */
final class PoolRecordCoder extends CustomCoder<PoolRecord> {
    static final PoolRecordCoder INSTANCE = new PoolRecordCoder();

    @Override
    public void encode(PoolRecord r, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        DocumentCoder.writeString(data, r.id());
        DocumentCoder.writeString(data, r.source());
        DocumentCoder.writeString(data, r.kind());
        DocumentCoder.writeString(data, r.lang() == null ? "" : r.lang());
        data.writeLong(r.nBytes());
        data.writeByte(r.split().ordinal());
        int[] ids = r.inputIds();
        data.writeInt(ids.length);
        ByteBuffer bytes = ByteBuffer.allocate(ids.length * Integer.BYTES);
        bytes.asIntBuffer().put(ids);
        data.write(bytes.array());
        data.flush();
    }

    @Override
    public PoolRecord decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String id = DocumentCoder.readString(data);
        String source = DocumentCoder.readString(data);
        String kind = DocumentCoder.readString(data);
        String lang = DocumentCoder.readString(data);
        long nBytes = data.readLong();
        PoolRecord.Split split = PoolRecord.Split.values()[data.readByte()];
        byte[] bytes = new byte[data.readInt() * Integer.BYTES];
        data.readFully(bytes);
        int[] ids = new int[bytes.length / Integer.BYTES];
        ByteBuffer.wrap(bytes).asIntBuffer().get(ids);
        return new PoolRecord(
                id, source, kind, lang.isEmpty() ? null : lang, nBytes, ids.length, ids, split);
    }

    @Override
    public void verifyDeterministic() {}
}
