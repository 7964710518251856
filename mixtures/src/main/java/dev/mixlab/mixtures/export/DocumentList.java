package dev.mixlab.mixtures.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The sidecar next to a token file that says where each document is and which source it came from,
 * as gzipped CSV with the header {@code start,end,source} ({@code [start, end)} in tokens of the
 * token file). Trainers ignore it; it lets a reader count tokens per source without mixlab (the
 * role of Dolma's {@code .csv.gz} metadata next to its {@code .npy} files).
 */
final class DocumentList implements AutoCloseable {
    static final String SUFFIX = ".csv.gz";
    static final String HEADER = "start,end,source\n";

    private final HashedFile file;
    private final Writer out;

    DocumentList(HashedFile file) throws IOException {
        this.file = file;
        this.out =
                new OutputStreamWriter(new GZIPOutputStream(file, 1 << 16), StandardCharsets.UTF_8);
        out.write(HEADER);
    }

    void add(long start, long end, String source) throws IOException {
        out.write(Long.toString(start));
        out.write(',');
        out.write(Long.toString(end));
        out.write(',');
        out.write(source);
        out.write('\n');
    }

    /** Closes the list and describes its file for the manifest. */
    dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile finish() throws IOException {
        out.close();
        return file.finish(null, null);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
