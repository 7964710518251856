package dev.mixlab.pipelines.read;

import dev.mixlab.mixtures.spec.InputFormat;
import java.io.Serializable;

/**
 * One unit of reading work, small enough to spread over workers: a whole file, a byte range of a
 * plain JSONL file, or a range of row groups of a Parquet file.
 *
 * @param source source name
 * @param kind source kind (text, code, ...), copied onto every document
 * @param path the file to read
 * @param root for files found under an input directory, that directory (ids are relative to it);
 *     else null
 * @param format concrete format (never AUTO)
 * @param start first byte (JSONL) or first row group (Parquet); 0 for whole files
 * @param end end byte or row group, exclusive; -1 for "to the end"
 */
public record ReadTask(
        String source,
        String kind,
        String path,
        String root,
        InputFormat format,
        long start,
        long end)
        implements Serializable {
    public boolean wholeFile() {
        return start == 0 && end < 0;
    }
}
