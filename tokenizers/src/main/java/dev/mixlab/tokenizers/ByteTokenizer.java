package dev.mixlab.tokenizers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes as tokens: ids 0–255 are the bytes, 256 is end-of-sequence, so the vocabulary has 257
 * entries. For proxy runs on a CPU: with a 100k–200k vocabulary the output layer dominates a small
 * model's compute, while bytes keep it negligible, and a byte model's loss is directly bits per
 * byte.
 */
final class ByteTokenizer implements Tokenizer {
    static final String NAME = "bytes";
    private static final int EOS = 256;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = bytes[i] & 0xFF;
        return ids;
    }

    /**
     * Bytes back to text; the end-of-sequence id is skipped and a character cut by a row boundary
     * becomes U+FFFD.
     */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length);
        for (int id : ids) {
            if (id < 0 || id > EOS)
                throw new IllegalArgumentException(
                        "id " + id + " is outside the byte vocabulary 0.." + EOS);
            if (id != EOS) bytes.write(id);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int eosId() {
        return EOS;
    }

    @Override
    public int vocabSize() {
        return EOS + 1;
    }

    @Override
    public String fingerprint() {
        return "bytes:utf-8";
    }
}
