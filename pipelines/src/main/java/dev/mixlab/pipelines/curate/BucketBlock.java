package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.dedup.BandKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Several LSH bucket memberships ({@code band, rows hash → document key}) of one {@link
 * BucketShards shard} of the bucket space, travelling through the near-dedup shuffle as one record.
 * One record per membership made this the job's largest shuffle by record count (21 per document
 * with the default banding), and Flink's per-record sort cost, not the bytes, dominated it.
 */
final class BucketBlock {
    static final Coder CODER = new Coder();

    private int size;
    private int[] bands;
    private long[] hashes;
    // UTF-8: a document's key is encoded once for all its bands, and after the shuffle only the
    // keys of buckets with several members are decoded.
    private byte[][] keys;

    BucketBlock(int capacity) {
        bands = new int[capacity];
        hashes = new long[capacity];
        keys = new byte[capacity][];
    }

    /**
     * @param documentKey the document's key as UTF-8
     */
    void add(BandKey bucket, byte[] documentKey) {
        if (size == bands.length) {
            int grown = Math.max(4, size * 2);
            bands = Arrays.copyOf(bands, grown);
            hashes = Arrays.copyOf(hashes, grown);
            keys = Arrays.copyOf(keys, grown);
        }
        bands[size] = bucket.band();
        hashes[size] = bucket.rowsHash();
        keys[size] = documentKey;
        size++;
    }

    int size() {
        return size;
    }

    int band(int i) {
        return bands[i];
    }

    long hash(int i) {
        return hashes[i];
    }

    String key(int i) {
        return new String(keys[i], StandardCharsets.UTF_8);
    }

    /**
     * A count, then per membership its band (4 bytes), hash (8 bytes) and key (length-prefixed
     * UTF-8).
     */
    static final class Coder extends CustomCoder<BucketBlock> {
        @Override
        public void encode(BucketBlock block, OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(block.size);
            for (int i = 0; i < block.size; i++) {
                data.writeInt(block.bands[i]);
                data.writeLong(block.hashes[i]);
                data.writeInt(block.keys[i].length);
                data.write(block.keys[i]);
            }
            data.flush();
        }

        @Override
        public BucketBlock decode(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            int size = data.readInt();
            BucketBlock block = new BucketBlock(size);
            for (int i = 0; i < size; i++) {
                block.bands[i] = data.readInt();
                block.hashes[i] = data.readLong();
                block.keys[i] = new byte[data.readInt()];
                data.readFully(block.keys[i]);
            }
            block.size = size;
            return block;
        }

        @Override
        public void verifyDeterministic() {}
    }
}
