package dev.mixlab.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.mixlab.filters.code.FileLanguage;
import dev.mixlab.io.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@link SampleDocument}s as zstd-compressed JSON lines with a fixed field order and keeps
 * the totals that end up in the sample report.
 *
 * <p>Byte-identical output for identical input: zstd runs single-threaded (no worker threads) at
 * {@link #ZSTD_LEVEL}, and every line is {@code
 * {"id","text","source","metadata":{"path","language", "artifact"[,"title","date"]}}} with no
 * whitespace between tokens.
 */
final class JsonlZstWriter implements AutoCloseable {

    /** Fixed so that a rebuild is byte-identical; part of the sample's recipe. */
    static final int ZSTD_LEVEL = 9;

    /**
     * No separator between root values: each line ends with the newline written after its object.
     */
    private static final JsonFactory JSON =
            new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final Path file;
    private final Path relativePath;
    private final String corpus;
    private final String artifact;
    private final MessageDigest sha256;
    private final JsonGenerator json;
    private final Map<String, SampleReport.LanguageTotals> languages = new TreeMap<>();
    private long documents;
    private long textBytes;

    /**
     * @param sampleRoot the sample's root folder
     * @param relativePath the output file, relative to {@code sampleRoot}
     */
    JsonlZstWriter(Path sampleRoot, Path relativePath, FileLanguage.Corpus corpus, String artifact)
            throws IOException {
        this.file = sampleRoot.resolve(relativePath);
        this.relativePath = relativePath;
        this.corpus = corpus.label;
        this.artifact = artifact;
        this.sha256 = Sha256.newDigest();
        Files.createDirectories(file.getParent());
        OutputStream digested =
                new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), sha256);
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(digested, ZSTD_LEVEL);
        zstd.setWorkers(0);
        zstd.setChecksum(true);
        this.json = JSON.createGenerator(zstd);
    }

    void write(SampleDocument document) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", document.id());
        json.writeStringField("text", document.text());
        json.writeStringField("source", document.corpus().label);
        json.writeObjectFieldStart("metadata");
        json.writeStringField("path", document.path());
        json.writeStringField("language", document.language());
        json.writeStringField("artifact", document.artifact());
        if (document.title() != null) {
            json.writeStringField("title", document.title());
            json.writeStringField("date", document.date());
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');

        long bytes = document.text().getBytes(StandardCharsets.UTF_8).length;
        documents++;
        textBytes += bytes;
        if (document.language() != null) {
            languages.merge(
                    document.language(),
                    new SampleReport.LanguageTotals(1, bytes),
                    SampleReport.LanguageTotals::plus);
        }
    }

    /**
     * Flushes and closes the file and describes it; call instead of (or before) {@link #close()}.
     */
    SampleReport.OutputFile finish() throws IOException {
        close();
        return new SampleReport.OutputFile(
                corpus,
                artifact,
                relativePath.toString().replace('\\', '/'),
                documents,
                textBytes,
                Files.size(file),
                Sha256.hex(sha256),
                new TreeMap<>(languages));
    }

    @Override
    public void close() throws IOException {
        if (json.isClosed()) {
            return;
        }
        // Closes the zstd frame and the file behind it too (the generator owns its target).
        json.close();
    }
}
