package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Compact, deterministic encoding of a {@link Document} for shuffles (Java serialization would be
 * larger, slower and not deterministic for maps). Metadata is written in key order.
 */
final class DocumentCoder extends CustomCoder<Document> {
    static final DocumentCoder INSTANCE = new DocumentCoder();

    @Override
    public void encode(Document doc, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        writeString(data, doc.id());
        writeString(data, doc.source());
        writeString(data, doc.kind());
        writeString(data, doc.text());
        Map<String, String> sorted = new TreeMap<>(doc.metadata());
        data.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            writeString(data, e.getKey());
            writeString(data, e.getValue());
        }
        data.flush();
    }

    @Override
    public Document decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String id = readString(data);
        String source = readString(data);
        String kind = readString(data);
        String text = readString(data);
        int n = data.readInt();
        Map<String, String> metadata = new TreeMap<>();
        for (int i = 0; i < n; i++) metadata.put(readString(data), readString(data));
        return new Document(id, source, kind, text, metadata);
    }

    @Override
    public void verifyDeterministic() {}

    /** Length-prefixed UTF-8 (DataOutput's writeUTF is limited to 64 KB). */
    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
