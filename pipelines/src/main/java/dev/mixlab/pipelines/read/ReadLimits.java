package dev.mixlab.pipelines.read;

import java.io.Serializable;

/**
 * Bounds that keep one bad record from exhausting a worker.
 *
 * @param maxDocumentBytes a record or file larger than this is quarantined as {@code
 *     read.document_too_large} without being held in memory (default 16 MiB: far above real prose
 *     or source files, which are rarely over 1 MiB; larger ones are data dumps)
 * @param splitBytes plain JSONL files larger than this are read as byte ranges of this size by
 *     different workers (default 64 MiB)
 */
public record ReadLimits(int maxDocumentBytes, long splitBytes) implements Serializable {
    public static final ReadLimits DEFAULT = new ReadLimits(16 << 20, 64L << 20);
}
