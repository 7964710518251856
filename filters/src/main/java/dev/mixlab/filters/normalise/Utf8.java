package dev.mixlab.filters.normalise;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that reports where the first bad byte is, and a cheap binary-content test.
 */
public final class Utf8 {
    private Utf8() {}

    /** Thrown with the offset of the first byte that is not valid UTF-8. */
    public static final class InvalidUtf8 extends Exception {
        private final long offset;

        InvalidUtf8(long offset) {
            super("invalid UTF-8 at byte " + offset);
            this.offset = offset;
        }

        /** The offset of the first byte that is not valid UTF-8, from the start of the range. */
        public long offset() {
            return offset;
        }
    }

    public static String decode(byte[] bytes, int from, int length) throws InvalidUtf8 {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) throw new InvalidUtf8(in.position() - from);
        result = decoder.flush(out);
        if (result.isError()) throw new InvalidUtf8(in.position() - from);
        return out.flip().toString();
    }

    public static String decode(byte[] bytes) throws InvalidUtf8 {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Text files do not contain NUL bytes; binary files almost always do within their first 8 KiB.
     */
    public static boolean looksBinary(byte[] bytes) {
        int limit = Math.min(bytes.length, 8192);
        for (int i = 0; i < limit; i++) if (bytes[i] == 0) return true;
        return false;
    }
}
