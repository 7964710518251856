package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One split as OLMo token arrays: the documents concatenated, EOS included, as headerless
 * little-endian integers in {@code olmo/<split>/part-00000.npy, part-00001.npy, …} (OLMo-core and
 * Dolma name these raw arrays {@code .npy}; read them with {@code numpy.memmap}, not {@code
 * numpy.load}). Every file but the last holds exactly {@code fileTokens} tokens, a multiple of
 * {@code seq_len}, because OLMo-core's fixed-length datasets drop the tail of each file that does
 * not fill a whole instance. Each file has a {@code part-NNNNN.csv.gz} ({@link DocumentList}); a
 * document split between two files has a line in each.
 */
final class OlmoSplit implements DocumentStream.Sink, AutoCloseable {
    static final String DIRECTORY = "olmo";

    private final Path dir;
    private final String name;
    private final TokenType type;
    private final long fileTokens;
    private final List<String> sources;
    private final List<ExportFile> files = new ArrayList<>();
    private TokenOutput tokens;
    private DocumentList documents;
    private int part;

    /**
     * @param dir the export's staging directory (files go to {@code dir/<split>/})
     */
    OlmoSplit(
            Path dir,
            PoolRecord.Split split,
            TokenType type,
            long fileTokens,
            List<String> sources) {
        this.dir = dir.resolve(split.label());
        this.name = DIRECTORY + "/" + split.label() + "/";
        this.type = type;
        this.fileTokens = fileTokens;
        this.sources = sources;
    }

    @Override
    public void document(int source, int[] ids, int length) throws IOException {
        int from = 0;
        while (from < length) {
            if (tokens == null || tokens.tokens() == fileTokens) next();
            int take = (int) Math.min(length - from, fileTokens - tokens.tokens());
            long start = tokens.tokens();
            tokens.write(ids, from, from + take);
            documents.add(start, start + take, sources.get(source));
            from += take;
        }
    }

    private void next() throws IOException {
        finishFile();
        String stem = String.format("part-%05d", part++);
        tokens =
                new TokenOutput(
                        new HashedFile(dir.resolve(stem + ".npy"), name + stem + ".npy"), type);
        documents =
                new DocumentList(
                        new HashedFile(
                                dir.resolve(stem + DocumentList.SUFFIX),
                                name + stem + DocumentList.SUFFIX));
    }

    private void finishFile() throws IOException {
        if (tokens == null) return;
        files.add(tokens.finish());
        files.add(documents.finish());
        tokens = null;
        documents = null;
    }

    /** Every file of the split: each token file followed by its document list. */
    List<ExportFile> finish() throws IOException {
        finishFile();
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (tokens != null) tokens.close();
        if (documents != null) documents.close();
    }
}
