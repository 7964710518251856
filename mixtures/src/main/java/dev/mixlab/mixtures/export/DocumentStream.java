package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.Schedule;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a split's rows back into whole documents, in the mixture's order, for token-file exports
 * where a trainer sees one document per sequence.
 *
 * <p>A document longer than a row continues in the next row <em>of its source</em>, which is
 * usually not the next row of the mixture, so each source's rows are followed on their own (in row
 * order; rows a window shuffle moved early wait in a small buffer). A document's place is where its
 * first token is in the unshuffled schedule (row position × seq_len + offset): documents come out
 * sorted by it, so without a shuffle window this is exactly the order of their first tokens in the
 * Parquet stream. A finished document waits only until no source can still produce one that starts
 * earlier (a long document of another source that is still open holds the rest back).
 *
 * <p>Padding (the last {@code padded_tokens} of a source's last row) is left out; a document cut by
 * the end of its source's rows is emitted as cut.
 */
final class DocumentStream {
    /** Receives the documents in order. */
    interface Sink {
        void document(int source, int[] tokens, int length) throws IOException;
    }

    private final List<String> sources;
    private final int seqLen;
    private final Schedule unshuffled;
    private final long[] rows;
    private final long[] padded;
    private final Sink sink;

    private final long[] nextRow;
    private final List<Map<Long, MixtureRow>> early;
    private final OpenDocument[] open;
    private final List<ArrayDeque<Finished>> finished;
    private final long[] tokens;
    private final long[] documents;

    private record Finished(long key, int[] tokens) {}

    private static final class OpenDocument {
        long key;
        int[] tokens = new int[1024];
        int length;

        void append(int[] from, int start, int end) {
            int n = end - start;
            if (length + n > tokens.length)
                tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, length + n));
            System.arraycopy(from, start, tokens, length, n);
            length += n;
        }
    }

    /**
     * @param sources the split's sources in layout order
     * @param rows rows per source
     * @param padded padding tokens at the end of each source's last row
     */
    DocumentStream(List<String> sources, long[] rows, long[] padded, int seqLen, Sink sink) {
        this.sources = List.copyOf(sources);
        this.seqLen = seqLen;
        this.unshuffled = new Schedule(rows, 0, 0);
        this.rows = rows.clone();
        this.padded = padded.clone();
        this.sink = sink;
        int n = sources.size();
        this.nextRow = new long[n];
        this.early = new java.util.ArrayList<>();
        this.finished = new java.util.ArrayList<>();
        for (int s = 0; s < n; s++) {
            early.add(new HashMap<>());
            finished.add(new ArrayDeque<>());
        }
        this.open = new OpenDocument[n];
        this.tokens = new long[n];
        this.documents = new long[n];
    }

    /** The row of {@code source} with index {@code rowIndex}, in the order the shards hold them. */
    void accept(int source, long rowIndex, MixtureRow row) throws IOException {
        if (rowIndex == nextRow[source]) {
            consume(source, row);
            for (MixtureRow waiting;
                    (waiting = early.get(source).remove(nextRow[source])) != null; )
                consume(source, waiting);
        } else {
            early.get(source).put(rowIndex, row);
        }
        emitReady();
    }

    /** Emits what is left; every row of every source must have been given. */
    void finish() throws IOException {
        for (int s = 0; s < sources.size(); s++) {
            if (nextRow[s] != rows[s]) {
                throw new IllegalStateException(
                        "source '"
                                + sources.get(s)
                                + "': "
                                + nextRow[s]
                                + " of its "
                                + rows[s]
                                + " rows arrived in order; the shards do not match the manifest");
            }
        }
        emitReady();
    }

    long tokens(int source) {
        return tokens[source];
    }

    long documents(int source) {
        return documents[source];
    }

    private void consume(int source, MixtureRow row) {
        long rowIndex = nextRow[source]++;
        boolean last = rowIndex == rows[source] - 1;
        int end = last ? seqLen - (int) padded[source] : seqLen;
        int[] ids = row.inputIds();
        long base = unshuffled.position(source, rowIndex) * seqLen;
        int from = 0;
        for (int start : row.docStarts()) {
            if (start >= end) break;
            if (start > from) continuation(source, base, ids, from, start);
            close(source);
            OpenDocument document = new OpenDocument();
            document.key = base + start;
            open[source] = document;
            from = start;
        }
        if (end > from) continuation(source, base, ids, from, end);
        if (last) close(source);
    }

    /** Tokens that continue the source's open document (opening one if a row starts mid-way). */
    private void continuation(int source, long base, int[] ids, int from, int to) {
        if (open[source] == null) {
            OpenDocument document = new OpenDocument();
            document.key = base + from;
            open[source] = document;
        }
        open[source].append(ids, from, to);
    }

    private void close(int source) {
        OpenDocument document = open[source];
        if (document == null) return;
        open[source] = null;
        finished.get(source)
                .add(new Finished(document.key, Arrays.copyOf(document.tokens, document.length)));
    }

    /** The earliest place a document of {@code source} not yet finished can have. */
    private long watermark(int source) {
        if (open[source] != null) return open[source].key;
        if (nextRow[source] >= rows[source]) return Long.MAX_VALUE;
        return unshuffled.position(source, nextRow[source]) * seqLen;
    }

    private void emitReady() throws IOException {
        long limit = Long.MAX_VALUE;
        for (int s = 0; s < sources.size(); s++) limit = Math.min(limit, watermark(s));
        while (true) {
            int best = -1;
            for (int s = 0; s < sources.size(); s++) {
                Finished head = finished.get(s).peek();
                if (head != null
                        && head.key() < limit
                        && (best < 0 || head.key() < finished.get(best).peek().key())) {
                    best = s;
                }
            }
            if (best < 0) return;
            Finished document = finished.get(best).poll();
            tokens[best] += document.tokens().length;
            documents[best]++;
            sink.document(best, document.tokens(), document.tokens().length);
        }
    }
}
