package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.Sha256;
import dev.mixlab.pipelines.storage.ObjectStoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3:// inputs and work directory against a real S3 API (s3proxy on 127.0.0.1, started here):
 * {@code mixlab build} with inputs and work directory in a bucket gives the same pools and mixture
 * shards, byte for byte, as the local build of the same corpus; bad buckets and endpoints are
 * refused with exit 2 before any job; a build killed mid-write leaves no incomplete published
 * prefix, and the next build cleans up after it.
 */
class ObjectStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "mixlab";

    @TempDir static Path dir;
    static S3ProxyServer s3;
    static CliRun local;
    static CliRun inBucket;

    static String spec(String inputs) {
        return spec(inputs, "");
    }

    static String spec(String inputs, String storage) {
        return storage
                + """
                name: tiny
                tokenizer: cl100k_base
                seq_len: 128
                sources:
                  - {name: prose, kind: prose, inputs: "%1$s/prose*.jsonl", heldout_fraction: 0.1}
                  - {name: code, kind: code, inputs: "%1$s/code.jsonl", heldout_fraction: 0.1}
                mixtures:
                  - {name: half, weights: {prose: 0.5, code: 0.5}, budget: 8K}
                """
                        .formatted(inputs);
    }

    @BeforeAll
    static void buildLocallyAndInABucket() throws Exception {
        s3 = S3ProxyServer.start(dir, null, null, BUCKET);
        // The AWS SDK's default chain reads these; s3proxy ignores them (no authentication).
        System.setProperty("aws.accessKeyId", "mixlab-test");
        System.setProperty("aws.secretAccessKey", "mixlab-test");
        useEndpoint(s3.endpoint());
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        TinyCorpus.write(corpus);
        // Objects of the filesystem backend are its files: this is an upload.
        Path in = Files.createDirectories(s3.baseDir().resolve(BUCKET).resolve("in"));
        for (String name : List.of("prose.jsonl", "code.jsonl"))
            Files.copy(corpus.resolve(name), in.resolve(name));
        Files.writeString(dir.resolve("local.yaml"), spec(corpus.toString()));
        // The endpoint from the spec's storage: section (the other tests set it for the process).
        Files.writeString(
                dir.resolve("s3.yaml"), spec("s3://" + BUCKET + "/in", storage(s3.endpoint())));
        local = build("local.yaml", dir.resolve("work").toString());
        inBucket = build("s3.yaml", "s3://" + BUCKET + "/work");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (s3 != null) s3.close();
        ObjectStoreSettings.fromEnvironment(System.getenv()).apply();
    }

    static String storage(String endpoint) {
        return "storage: {endpoint: \"" + endpoint + "\", path_style: true}\n";
    }

    static void useEndpoint(String endpoint) {
        ObjectStoreSettings.of(endpoint, true, "us-east-1").apply();
    }

    static CliRun build(String spec, String workdir) {
        return CliRun.of(
                "build", dir.resolve(spec).toString(), "--runner", "direct", "--workdir", workdir);
    }

    @Test
    void buildInABucketEqualsTheLocalBuildByteForByte() throws IOException {
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(inBucket.exitCode()).as(inBucket.err()).isZero();
        assertThat(inBucket.out())
                .contains("s3://" + BUCKET + "/work/pools/prose-")
                .containsPattern("half\\s+built\\s+s3://" + BUCKET + "/work/mixtures/half");
        Map<String, String> stored = outputs(s3.baseDir().resolve(BUCKET).resolve("work"));
        assertThat(stored.keySet())
                .anyMatch(f -> f.endsWith(".parquet"))
                .contains("mixtures/half/manifest.json", "pools/prose-FP/stats.json");
        assertThat(stored).isEqualTo(outputs(dir.resolve("work")));
    }

    @Test
    void nothingButPublishedOutputsStaysInTheBucket() throws IOException {
        assertThat(inBucket.exitCode()).isZero();
        try (Stream<Path> walk = Files.walk(s3.baseDir().resolve(BUCKET).resolve("work"))) {
            assertThat(walk.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".")); // no staging prefix, no lock
        }
    }

    @Test
    void inspectVerifiesTheMixtureReadingItFromTheBucket() {
        CliRun inspect = CliRun.of("inspect", "s3://" + BUCKET + "/work/mixtures/half");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("mixture half", "verified:");
    }

    @Test
    void aRebuildInTheBucketReusesWhatIsPublished() {
        CliRun again = build("s3.yaml", "s3://" + BUCKET + "/work");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).doesNotContain("curating");
    }

    @Test
    void aMissingBucketIsRefusedBeforeAnyJobWithTheStoresAnswer() {
        CliRun run = build("s3.yaml", "s3://no-such-bucket/work");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .contains("s3://no-such-bucket/work", "bucket does not exist");
    }

    @Test
    void aPatternMatchingNoObjectIsRefusedNamingIt() throws IOException {
        Files.writeString(dir.resolve("nomatch.yaml"), spec("s3://" + BUCKET + "/nothing-here"));
        CliRun run = build("nomatch.yaml", "s3://" + BUCKET + "/work-nomatch");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no file matches s3://" + BUCKET + "/nothing-here/prose*");
    }

    @Test
    void anUnreachableEndpointIsRefusedNamingTheUriAndTheAnswer() throws IOException {
        try {
            Files.writeString(
                    dir.resolve("unreachable.yaml"),
                    spec("s3://" + BUCKET + "/in", storage("http://127.0.0.1:1")));
            CliRun run = CliRun.of("plan", dir.resolve("unreachable.yaml").toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().strip())
                    .doesNotContain("\n")
                    .contains("s3://" + BUCKET + "/in/prose*.jsonl", "Connection refused");
        } finally {
            useEndpoint(s3.endpoint());
        }
    }

    @Test
    void wrongCredentialsAreRefusedWithTheStoresAnswer() throws Exception {
        try (S3ProxyServer guarded =
                S3ProxyServer.start(
                        Files.createDirectories(dir.resolve("guarded")), "right", "secret", "b")) {
            Files.writeString(
                    dir.resolve("guarded.yaml"),
                    spec("s3://" + BUCKET + "/in", storage(guarded.endpoint())));
            CliRun run = build("guarded.yaml", "s3://b/work");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().strip()).doesNotContain("\n").contains("s3://b/work", "403");
        } finally {
            useEndpoint(s3.endpoint());
        }
    }

    @Test
    void aBuildKilledMidWriteLeavesNoIncompletePublishedPrefix() throws Exception {
        assertThat(inBucket.exitCode()).isZero();
        Path work = s3.baseDir().resolve(BUCKET).resolve("work-killed");
        ProcessBuilder build =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                                "-Daws.accessKeyId=mixlab-test",
                                "-Daws.secretAccessKey=mixlab-test",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName(),
                                "build",
                                dir.resolve("s3.yaml").toString(),
                                "--runner",
                                "direct",
                                "--workdir",
                                "s3://" + BUCKET + "/work-killed")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("killed.log").toFile());
        build.environment().put("MIXLAB_S3_ENDPOINT", s3.endpoint());
        Process process = build.start();
        // Kill it as soon as it writes its first staged object (a pool part or report).
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        boolean staged = false;
        while (process.isAlive() && System.nanoTime() < deadline && !staged) {
            staged = hasStagedObject(work);
            if (!staged) Thread.sleep(20);
        }
        boolean killedWhileRunning = process.isAlive();
        process.destroyForcibly().waitFor();
        assertThat(staged && killedWhileRunning)
                .as("killed while writing its staging prefix; see " + dir.resolve("killed.log"))
                .isTrue();

        Map<String, String> complete = outputs(s3.baseDir().resolve(BUCKET).resolve("work"));
        for (String marker : List.of("stats.json", "manifest.json")) {
            for (Path published : markedPrefixes(work, marker)) {
                String prefix = fingerprintFree(work.relativize(published).toString());
                assertThat(filesOf(outputs(work), prefix))
                        .as("published " + prefix + " after the kill")
                        .isEqualTo(filesOf(complete, prefix));
            }
        }
        CliRun rerun = build("s3.yaml", "s3://" + BUCKET + "/work-killed");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(outputs(work)).isEqualTo(complete);
        try (Stream<Path> walk = Files.walk(work)) {
            assertThat(walk.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    private static boolean hasStagedObject(Path work) throws IOException {
        if (!Files.isDirectory(work)) return false;
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.anyMatch(p -> Files.isRegularFile(p) && p.toString().contains(".partial"));
        } catch (java.io.UncheckedIOException changing) {
            return false;
        }
    }

    private static List<Path> markedPrefixes(Path work, String marker) throws IOException {
        if (!Files.isDirectory(work)) return List.of();
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.filter(p -> p.getFileName().toString().equals(marker))
                    .map(Path::getParent)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
    }

    private static Map<String, String> filesOf(Map<String, String> outputs, String prefix) {
        Map<String, String> files = new TreeMap<>();
        outputs.forEach(
                (name, content) -> {
                    if (name.startsWith(prefix + "/")) files.put(name, content);
                });
        return files;
    }

    /**
     * The published pools and mixtures under {@code work}: relative path to content hash, with the
     * pools' fingerprints (which hash the inputs' location and modification times, so differ
     * between a local and a bucket build by design) replaced by {@code FP} in names and markers.
     * {@code run.json} (runner and timing) and hidden names are left out.
     */
    static Map<String, String> outputs(Path work) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (String area : List.of("pools", "mixtures")) {
            Path root = work.resolve(area);
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals("run.json") || work.relativize(p).toString().contains("/."))
                        continue;
                    files.add(p);
                    if (name.equals("stats.json") || name.equals("manifest.json")) {
                        JsonNode fingerprint = JSON.readTree(p.toFile()).path("fingerprint");
                        if (fingerprint.isTextual()) fingerprints.add(fingerprint.asText());
                    }
                    if (area.equals("pools")) {
                        String pool = root.relativize(p).getName(0).toString();
                        fingerprints.add(pool.substring(pool.lastIndexOf('-') + 1));
                    }
                }
            }
        }
        fingerprints.sort(Comparator.comparingInt(String::length).reversed());
        Map<String, String> outputs = new TreeMap<>();
        for (Path file : files) {
            String name = replace(work.relativize(file).toString(), fingerprints);
            String fileName = file.getFileName().toString();
            outputs.put(
                    name,
                    fileName.equals("stats.json") || fileName.equals("manifest.json")
                            ? replace(Files.readString(file, StandardCharsets.UTF_8), fingerprints)
                            : Sha256.hexOf(file));
        }
        return outputs;
    }

    private static String replace(String text, List<String> fingerprints) {
        for (String fingerprint : fingerprints) text = text.replace(fingerprint, "FP");
        return text;
    }

    private static String fingerprintFree(String relative) {
        return relative.replaceAll("-[0-9a-f]{16}(?=/|$)", "-FP");
    }
}
