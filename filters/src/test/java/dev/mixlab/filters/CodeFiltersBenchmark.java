package dev.mixlab.filters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.mixlab.filters.code.EncodedDataFilter;
import dev.mixlab.filters.normalise.TextNormaliser;
import dev.mixlab.filters.pii.PiiRedactor;
import dev.mixlab.io.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Single-thread throughput, per CPU-second, of the per-document steps that curation runs on every
 * code file: the normaliser, the encoded-data filter and PII redaction, in MB of UTF-8 text per
 * second over the sample corpora's code documents ({@code mixlab sample}). Not a test; run it by
 * hand:
 *
 * <pre>
 * mvn -B -o -q -pl filters test-compile
 * mvn -B -o -q -pl filters dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -XX:+UseSerialGC -cp filters/target/test-classes:filters/target/classes:$(cat /tmp/cp.txt) \
 *      dev.mixlab.filters.CodeFiltersBenchmark data/sample [--digests FILE]
 * </pre>
 *
 * <p>Each step first runs over the whole sample twice to warm up, then for at least ten seconds of
 * wall time; the median and best pass are printed (the best is the least disturbed by other
 * processes on a shared machine). With {@code --digests FILE} it also writes, for every code,
 * markup and text document, a digest of each step's result, so that a change meant to be a pure
 * speed-up can be checked to give identical results by comparing the files written before and after
 * it.
 */
public final class CodeFiltersBenchmark {

    private static final long MEASURE_NANOS = 10_000_000_000L;

    /**
     * Passes are timed in thread CPU time, which other processes on a busy machine disturb less
     * than wall time.
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Sample(String corpus, String id, String text) {}

    private CodeFiltersBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path sampleDir = Path.of(args.length > 0 ? args[0] : "data/sample");
        List<Sample> code = read(sampleDir.resolve("code"));
        if (args.length > 2 && args[1].equals("--digests")) {
            List<Sample> all = new ArrayList<>(code);
            all.addAll(read(sampleDir.resolve("markup")));
            all.addAll(read(sampleDir.resolve("text")));
            writeDigests(all, Path.of(args[2]));
        }
        List<Document> normalised =
                code.stream().map(CodeFiltersBenchmark::normalisedDocument).toList();
        long bytes =
                code.stream()
                        .mapToLong(sample -> sample.text().getBytes(StandardCharsets.UTF_8).length)
                        .sum();
        System.out.printf(
                Locale.ROOT,
                "%d code documents, %.1f MB of UTF-8 text%n",
                code.size(),
                bytes / 1e6);

        EncodedDataFilter encodedData = new EncodedDataFilter(EncodedDataFilter.SCHEMA.defaults());
        PiiRedactor pii = new PiiRedactor(PiiRedactor.SCHEMA.defaults());
        measure(
                "normalise",
                bytes,
                () -> code.forEach(sample -> TextNormaliser.normalise(sample.text())));
        measure("encoded_data", bytes, () -> normalised.forEach(encodedData::apply));
        measure("pii", bytes, () -> normalised.forEach(pii::apply));
    }

    private static void measure(String step, long bytes, Runnable pass) {
        pass.run();
        pass.run();
        List<Long> nanos = new ArrayList<>();
        long started = System.nanoTime();
        while (System.nanoTime() - started < MEASURE_NANOS || nanos.size() < 3) {
            long passStarted = THREADS.getCurrentThreadCpuTime();
            pass.run();
            nanos.add(THREADS.getCurrentThreadCpuTime() - passStarted);
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "%-13s %8.1f MB/s median, %8.1f MB/s best of %d passes%n",
                step,
                bytes / 1e6 / (sorted[sorted.length / 2] / 1e9),
                bytes / 1e6 / (sorted[0] / 1e9),
                sorted.length);
    }

    private static Document normalisedDocument(Sample sample) {
        String text =
                TextNormaliser.normalise(sample.text()) instanceof TextNormaliser.Accepted accepted
                        ? accepted.text()
                        : sample.text();
        return new Document(sample.id(), sample.corpus(), Document.KIND_CODE, text, Map.of());
    }

    /**
     * One line per document: id, then the normaliser's, encoded_data's and pii's results as
     * digests.
     */
    private static void writeDigests(List<Sample> samples, Path file) throws IOException {
        EncodedDataFilter encodedData = new EncodedDataFilter(EncodedDataFilter.SCHEMA.defaults());
        PiiRedactor pii = new PiiRedactor(PiiRedactor.SCHEMA.defaults());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            for (Sample sample : samples) {
                TextNormaliser.Normalised result = TextNormaliser.normalise(sample.text());
                Document doc = normalisedDocument(sample);
                PiiRedactor.Redaction redaction = pii.redact(doc.text());
                out.println(
                        String.join(
                                "\t",
                                sample.corpus() + "/" + sample.id(),
                                result instanceof TextNormaliser.Accepted accepted
                                        ? sha256(accepted.text())
                                        : result.toString(),
                                encodedData.apply(doc).toString(),
                                sha256(redaction.text()),
                                new TreeMap<>(redaction.counts()).toString()));
            }
        }
        System.out.printf("wrote digests of %d documents to %s%n", samples.size(), file);
    }

    private static String sha256(String text) {
        return Sha256.hex(text);
    }

    /** The documents of every {@code *.jsonl.zst} file in a directory, in file name order. */
    private static List<Sample> read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        Path[] files;
        try (Stream<Path> listing = Files.list(dir)) {
            files =
                    listing.filter(path -> path.getFileName().toString().endsWith(".jsonl.zst"))
                            .sorted()
                            .toArray(Path[]::new);
        }
        for (Path file : files) {
            String corpus = dir.getFileName() + "/" + file.getFileName();
            forEachLine(
                    file,
                    line -> {
                        try {
                            JsonNode node = json.readTree(line);
                            samples.add(
                                    new Sample(
                                            corpus,
                                            node.get("id").asText(),
                                            node.get("text").asText()));
                        } catch (IOException e) {
                            throw new IllegalStateException("bad JSON line in " + file, e);
                        }
                    });
        }
        return samples;
    }

    private static void forEachLine(Path file, Consumer<String> action) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                new ZstdInputStream(Files.newInputStream(file)),
                                StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank()).forEach(action);
        }
    }
}
