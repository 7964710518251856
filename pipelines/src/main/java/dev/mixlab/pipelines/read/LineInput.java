package dev.mixlab.pipelines.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines as bytes (decoding is the caller's, so invalid UTF-8 is caught per
 * line) while holding at most {@code maxLineBytes} of a line: a longer line is skipped to its end
 * and reported as too long, so a 50 MB line costs no 50 MB of heap.
 */
final class LineInput {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferLimit;
    private long position;
    private byte[] line = new byte[1024];

    /** Result of one {@link #next()}. */
    record Line(byte[] bytes, int length, long startOffset, long totalLength) {}

    LineInput(InputStream in, int maxLineBytes, long startPosition) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.position = startPosition;
    }

    /** The byte offset of the next unread byte. */
    long position() {
        return position;
    }

    /** The next line without its '\n' (or '\r\n'), or null at the end of the stream. */
    Line next() throws IOException {
        long start = position;
        int length = 0;
        long total = 0;
        boolean sawAny = false;
        while (true) {
            if (bufferPos == bufferLimit) {
                bufferLimit = in.read(buffer, 0, buffer.length);
                bufferPos = 0;
                if (bufferLimit <= 0) {
                    bufferLimit = 0;
                    if (!sawAny) return null;
                    return finish(start, length, total);
                }
            }
            sawAny = true;
            int newline = -1;
            for (int i = bufferPos; i < bufferLimit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int chunkEnd = newline < 0 ? bufferLimit : newline;
            int chunk = chunkEnd - bufferPos;
            if (total + chunk <= maxLineBytes) {
                if (length + chunk > line.length)
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                System.arraycopy(buffer, bufferPos, line, length, chunk);
                length += chunk;
            }
            total += chunk;
            position += chunk;
            bufferPos = chunkEnd;
            if (newline >= 0) {
                bufferPos++;
                position++;
                return finish(start, length, total);
            }
        }
    }

    private Line finish(long start, int length, long total) {
        if (total <= maxLineBytes && length > 0 && line[length - 1] == '\r') {
            length--;
            total--;
        }
        return new Line(line, total > maxLineBytes ? 0 : length, start, total);
    }
}
