package dev.mixlab.filters;

import dev.mixlab.filters.normalise.TextNormaliser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Real code for tests: the Java files of lucene-core's sources jar, which the filters pom puts on
 * the test classpath (classifier {@code sources}). Read once per test JVM, in jar order.
 */
public final class LuceneSources {

    /** A file that exists in every lucene-core 9.x sources jar, used to locate the jar. */
    private static final String PROBE = "org/apache/lucene/index/IndexWriter.java";

    private static List<Document> documents;

    private LuceneSources() {}

    public static synchronized List<Document> javaFiles() {
        if (documents == null) {
            documents = List.copyOf(read());
        }
        return documents;
    }

    private static List<Document> read() {
        URL probe = LuceneSources.class.getClassLoader().getResource(PROBE);
        if (probe == null || !"jar".equals(probe.getProtocol())) {
            throw new IllegalStateException(
                    PROBE
                            + " is not on the test classpath; the test module's pom (filters, tokenizers) must declare"
                            + " org.apache.lucene:lucene-core with classifier 'sources' as a test dependency");
        }
        List<Document> docs = new ArrayList<>();
        try {
            JarURLConnection connection = (JarURLConnection) probe.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".java")) {
                        byte[] bytes = jar.getInputStream(entry).readAllBytes();
                        docs.add(
                                new Document(
                                        entry.getName(),
                                        "lucene-core-sources",
                                        Document.KIND_CODE,
                                        normalise(entry.getName(), bytes),
                                        Map.of(
                                                Document.PATH,
                                                entry.getName(),
                                                Document.LANGUAGE,
                                                "Java")));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the lucene-core sources jar at " + probe, e);
        }
        return docs;
    }

    /**
     * Through the normaliser, as the curation pipeline would; lucene-core sources are valid UTF-8.
     */
    private static String normalise(String name, byte[] bytes) {
        if (TextNormaliser.normalise(bytes) instanceof TextNormaliser.Accepted accepted) {
            return accepted.text();
        }
        throw new IllegalStateException(name + " in the lucene-core sources jar did not normalise");
    }
}
