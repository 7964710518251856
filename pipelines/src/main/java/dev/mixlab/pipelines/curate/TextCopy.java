package dev.mixlab.pipelines.curate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * What exact dedup needs of one normalised document, instead of the document: its key, the read
 * task it came from (so that a dropped copy can be skipped when that task is read again) and its
 * UTF-8 bytes (for the ledger).
 */
record TextCopy(String key, int task, long bytes) {
    static final Coder CODER = new Coder();

    /** The key as length-prefixed UTF-8, then the task and the byte count. */
    static final class Coder extends CustomCoder<TextCopy> {
        @Override
        public void encode(TextCopy copy, OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            DocumentCoder.writeString(data, copy.key());
            data.writeInt(copy.task());
            data.writeLong(copy.bytes());
            data.flush();
        }

        @Override
        public TextCopy decode(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            return new TextCopy(DocumentCoder.readString(data), data.readInt(), data.readLong());
        }

        @Override
        public void verifyDeterministic() {}
    }
}
