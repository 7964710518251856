package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.Sha256;
import dev.mixlab.pipelines.storage.ObjectStoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The other places an s3:// URI goes besides {@code build} (which {@link ObjectStorageTest}
 * covers), against a real S3 API (s3proxy): {@code eval import} of harness files and directories in
 * a bucket, {@code compare --out} into a bucket, evaluation-set files and source archives read from
 * a bucket by curate, and an input glob over more objects than one listing page holds.
 */
class ObjectStoragePathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "paths";
    private static final Path FIXTURES = Path.of("../eval/src/test/resources");
    // More than ten pages of 1,000 keys, the most one S3 listing returns.
    private static final int MANY = 10_050;

    @TempDir static Path dir;
    static S3ProxyServer s3;
    static Path bucket;

    @BeforeAll
    static void startTheStore() throws Exception {
        s3 = S3ProxyServer.start(dir, null, null, BUCKET);
        System.setProperty("aws.accessKeyId", "mixlab-test");
        System.setProperty("aws.secretAccessKey", "mixlab-test");
        ObjectStorageTest.useEndpoint(s3.endpoint());
        bucket = s3.baseDir().resolve(BUCKET);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (s3 != null) s3.close();
        ObjectStoreSettings.fromEnvironment(System.getenv()).apply();
    }

    /** Stores {@code file} as the object {@code key} (objects of s3proxy's backend are files). */
    private static void upload(Path file, String key) throws IOException {
        Path object = bucket.resolve(key);
        Files.createDirectories(object.getParent());
        Files.copy(file, object);
    }

    @Test
    void evalImportReadsHarnessFilesFromABucketAndCompareWritesItsReportIntoOne() throws Exception {
        upload(FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json"), "harness/v03.json");
        upload(
                FIXTURES.resolve("lm-eval-0.4/pythia-160m/results_2024-06-03T09-14-27.512345.json"),
                "harness/v04/results_2024-06-03T09-14-27.512345.json");
        String work = "s3://" + BUCKET + "/eval-work";
        CliRun file = CliRun.evalImport("s3://" + BUCKET + "/harness/v03.json", "pythia-v03", work);
        assertThat(file.exitCode()).as(file.err()).isZero();
        assertThat(file.out())
                .contains(
                        "7 results (lm-evaluation-harness 0.3 results) for pythia-v03 -> results/pythia-v03--");
        // A prefix of harness output: its results_*.json is found by listing.
        CliRun prefix = CliRun.evalImport("s3://" + BUCKET + "/harness/v04", "pythia-v04", work);
        assertThat(prefix.exitCode()).as(prefix.err()).isZero();
        assertThat(prefix.out())
                .contains("10 results (lm-evaluation-harness 0.4 results) for pythia-v04");
        try (Stream<Path> stored = Files.list(bucket.resolve("eval-work/results"))) {
            assertThat(stored.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("pythia-v03--") && n.endsWith(".parquet"))
                    .anyMatch(n -> n.startsWith("pythia-v04--") && n.endsWith(".parquet"));
        }

        CliRun compare =
                CliRun.compare("pythia-v03,pythia-v04", "s3://" + BUCKET + "/report", work);
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("report: s3://" + BUCKET + "/report/report.html");
        // The same numbers as the local import (EvalCompareCommandsTest), read back from the
        // bucket.
        assertThat(Files.readString(bucket.resolve("report/report.md")))
                .contains("| ARC-Easy | acc_norm | 40.1 ± 2.0 | 39.9 ± 2.0 | -0.3% [-2.9, +2.7] |");
        assertThat(Files.readAllLines(bucket.resolve("report/report.csv")))
                .anyMatch(l -> l.startsWith("task,reasoning,ARC-Easy,pythia-v04,pythia-v04,"));
        assertThat(Files.readString(bucket.resolve("report/report.html")))
                .contains("data:image/png;base64,");
    }

    @Test
    void aSampleIntoABucketEqualsTheLocalSampleAndInputsGlobIt() throws Exception {
        String prefix = "s3://" + BUCKET + "/sample";
        CliRun upload = CliRun.of("sample", "--out", prefix);
        assertThat(upload.exitCode()).as(upload.err()).isZero();
        assertThat(upload.out()).contains("Sample corpora in " + prefix + "\n");
        CliRun local = CliRun.of("sample", "--out", dir.resolve("sample-local").toString());
        assertThat(local.exitCode()).as(local.err()).isZero();
        Map<String, String> objects = checksums(bucket.resolve("sample"));
        assertThat(objects)
                .containsKeys(
                        "SAMPLE.json",
                        "text/europarl.jsonl.zst",
                        "code/kotlinx-coroutines-core-jvm.jsonl.zst")
                .isEqualTo(checksums(dir.resolve("sample-local")));
        // No staging prefix or lock object is left beside it.
        try (Stream<Path> beside = Files.list(bucket)) {
            assertThat(beside.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".sample"));
        }
        // A second run finds the published sample complete (checksums read from the bucket).
        CliRun again = CliRun.of("sample", "--out", prefix);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(prefix + " (already complete; reused");

        Path spec = dir.resolve("on-sample.yaml");
        Files.writeString(
                spec,
                """
                name: on-sample
                tokenizer: bytes
                seq_len: 128
                sources:
                  - {name: text, kind: prose, inputs: "%1$s/text/*.jsonl.zst"}
                  - {name: code, kind: code, inputs: "%1$s/code/*.jsonl.zst"}
                mixtures:
                  - {name: half, weights: {text: 0.5, code: 0.5}, budget: 8K}
                """
                        .formatted(prefix));
        CliRun plan = CliRun.of("plan", spec.toString(), "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode sources = JSON.readTree(plan.out()).path("sources");
        assertThat(sources.get(0).path("matched_inputs").asInt()).isEqualTo(1);
        assertThat(sources.get(1).path("matched_inputs").asInt())
                .isEqualTo(objects.keySet().stream().filter(k -> k.startsWith("code/")).count());
    }

    @Test
    void aSampleIntoAMissingBucketIsRefusedBeforeItIsBuilt() {
        CliRun run = CliRun.of("sample", "--out", "s3://no-such-bucket/sample");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .contains("--out s3://no-such-bucket/sample", "bucket does not exist");
    }

    /** The sha256 of every file under {@code root}, by relative path. */
    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList())
                sums.put(root.relativize(file).toString(), Sha256.hexOf(file));
        }
        return sums;
    }

    @Test
    void aSourceArchiveInABucketIsCuratedAsTheLocalArchiveIs() throws Exception {
        // This repository's own io sources, a file that is not source, and an entry whose path
        // would escape a directory: what a code source's archive reader keeps, skips and
        // quarantines.
        Path archive = dir.resolve("archives-local/project.zip");
        Files.createDirectories(archive.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive));
                Stream<Path> sources = Files.list(Path.of("../io/src/main/java/dev/mixlab/io"))) {
            for (Path source : sources.sorted().toList()) {
                zip.putNextEntry(new ZipEntry("src/" + source.getFileName()));
                zip.write(Files.readAllBytes(source));
            }
            zip.putNextEntry(new ZipEntry("NOTICE.bin"));
            zip.write(new byte[] {0, 1, 2});
            zip.putNextEntry(new ZipEntry("../escape/Evil.java"));
            zip.write("class Evil {}".getBytes(StandardCharsets.UTF_8));
        }
        upload(archive, "archives/project.zip");
        String spec =
                """
                name: archives
                tokenizer: bytes
                seq_len: 128
                sources:
                  - {name: code, kind: code, inputs: "%s/*.zip", heldout_fraction: 0.1}
                mixtures:
                  - {name: all, weights: {code: 1.0}, budget: 8K}
                """;
        Path local = dir.resolve("archives-local.yaml");
        Files.writeString(local, spec.formatted(archive.getParent()));
        Path inBucket = dir.resolve("archives-s3.yaml");
        Files.writeString(inBucket, spec.formatted("s3://" + BUCKET + "/archives"));
        for (String[] run :
                List.of(
                        new String[] {inBucket.toString(), "s3://" + BUCKET + "/archives-work"},
                        new String[] {local.toString(), dir.resolve("archives-work").toString()})) {
            CliRun curate = CliRun.of("curate", run[0], "--runner", "direct", "--workdir", run[1]);
            assertThat(curate.exitCode()).as(curate.err()).isZero();
        }
        Path bucketPool = published(bucket.resolve("archives-work/pools"));
        Path localPool = published(dir.resolve("archives-work/pools"));
        Map<String, String> parts = checksums(bucketPool);
        parts.keySet().removeIf(name -> !name.endsWith(".parquet"));
        Map<String, String> localParts = checksums(localPool);
        localParts.keySet().removeIf(name -> !name.endsWith(".parquet"));
        assertThat(parts).isNotEmpty().isEqualTo(localParts);
        JsonNode bucketStats = JSON.readTree(bucketPool.resolve("stats.json").toFile());
        JsonNode localStats = JSON.readTree(localPool.resolve("stats.json").toFile());
        assertThat(bucketStats.path("train_tokens").asLong()).isPositive();
        assertThat(bucketStats.path("train_tokens")).isEqualTo(localStats.path("train_tokens"));
        for (String counts : List.of("dropped", "quarantined", "languages"))
            assertThat(bucketStats.path(counts)).as(counts).isEqualTo(localStats.path(counts));
        assertThat(bucketStats.path("quarantined").path("read.unsafe_archive_path").asLong())
                .isEqualTo(1);
        assertThat(bucketStats.path("dropped").path("read.not_a_source_file").asLong())
                .isEqualTo(1);
        // The archive's temporary local copy is gone.
        try (Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temporary.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("mixlab-copy-") && n.endsWith("project.zip"));
        }
    }

    private static Path published(Path pools) throws IOException {
        try (Stream<Path> dirs = Files.list(pools)) {
            List<Path> published =
                    dirs.filter(p -> Files.isRegularFile(p.resolve("stats.json"))).toList();
            assertThat(published).hasSize(1);
            return published.get(0);
        }
    }

    @Test
    void importingAMissingObjectIsOneLineNamingItWithExitTwo() {
        CliRun run =
                CliRun.evalImport(
                        "s3://" + BUCKET + "/harness/none.json",
                        "r",
                        "s3://" + BUCKET + "/eval-missing");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .contains("s3://" + BUCKET + "/harness/none.json");
    }

    @Test
    void anOutputIntoAMissingBucketIsRefusedBeforeAnythingRuns() throws Exception {
        upload(FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json"), "out-check/v03.json");
        CliRun run =
                CliRun.evalImport(
                        "s3://" + BUCKET + "/out-check/v03.json", "r", "s3://no-such-bucket/work");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .contains("s3://no-such-bucket/work", "bucket does not exist");
    }

    @Test
    void curateReadsEvaluationSetFilesFromABucket() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("decontam-corpus"));
        TinyCorpus.write(corpus);
        upload(corpus.resolve("prose.jsonl"), "decontam/in/prose.jsonl");
        upload(corpus.resolve("code.jsonl"), "decontam/in/code.jsonl");
        // Sentences of this repository's docs, which the prose corpus holds: an evaluation set
        // that overlaps the corpus.
        Path set = dir.resolve("docs-set.txt");
        Files.write(
                set,
                Files.readAllLines(Path.of("../docs/FLINK.md")).stream()
                        .filter(l -> l.split(" ").length >= 14)
                        .limit(5)
                        .toList());
        upload(set, "decontam/sets/docs-set.txt");
        String decontamination =
                """
                decontamination:
                  sets:
                    - {name: docs, format: text, files: ["%s"]}
                """;
        Path local = dir.resolve("decontam-local.yaml");
        Files.writeString(
                local,
                ObjectStorageTest.spec(corpus.toString())
                        + decontamination.formatted(set.toString()));
        Path inBucket = dir.resolve("decontam-s3.yaml");
        Files.writeString(
                inBucket,
                ObjectStorageTest.spec("s3://" + BUCKET + "/decontam/in")
                        + decontamination.formatted(
                                "s3://" + BUCKET + "/decontam/sets/docs-set.txt"));
        CliRun fromBucket =
                CliRun.of(
                        "curate",
                        inBucket.toString(),
                        "--source",
                        "prose",
                        "--runner",
                        "direct",
                        "--workdir",
                        "s3://" + BUCKET + "/decontam/work");
        assertThat(fromBucket.exitCode()).as(fromBucket.err()).isZero();
        assertThat(fromBucket.out()).doesNotContain("(up to date)");
        CliRun fromDisk =
                CliRun.of(
                        "curate",
                        local.toString(),
                        "--source",
                        "prose",
                        "--runner",
                        "direct",
                        "--workdir",
                        dir.resolve("decontam-work").toString());
        assertThat(fromDisk.exitCode()).as(fromDisk.err()).isZero();
        JsonNode bucketStats = stats(bucket.resolve("decontam/work/pools"));
        JsonNode localStats = stats(dir.resolve("decontam-work/pools"));
        assertThat(bucketStats.path("dropped").path("decontaminate.docs").asLong()).isPositive();
        assertThat(bucketStats.path("dropped")).isEqualTo(localStats.path("dropped"));
        assertThat(bucketStats.path("train_tokens")).isEqualTo(localStats.path("train_tokens"));
        // The overlaps found (which items, which documents) as well, read back from the staged
        // overlaps file in the bucket; and nothing written outside the bucket.
        assertThat(bucketStats.path("decontamination").toString())
                .isEqualTo(
                        localStats
                                .path("decontamination")
                                .toString()
                                .replace(
                                        set.toString(),
                                        "s3://" + BUCKET + "/decontam/sets/docs-set.txt"));
        assertThat(Path.of("s3:")).doesNotExist();
    }

    @Test
    void aTaskFileInABucketScoresATrainedRunAsTheLocalFileDoes() throws Exception {
        Path eval = Files.createDirectories(dir.resolve("task-eval"));
        String tasks =
                """
                {"context": "    public static void main(String[] args", "choices": [") {", " Mr President,"], "gold": 0}
                {"context": "import java.util.", "choices": ["List;", "the Commission"], "gold": 0}
                {"context": "The object store", "choices": [" holds the pools", "();"], "gold": 0}
                """;
        Files.writeString(eval.resolve("braces.jsonl"), tasks);
        upload(eval.resolve("braces.jsonl"), "tasks/braces.jsonl");
        String rest =
                """
                mixtures:
                  - {name: half, weights: {prose: 0.5, code: 0.5}, budget: 8K}
                models:
                  tiny: {d_model: 16, n_layers: 1, n_heads: 2}
                runs:
                  - {name: r, models: [tiny], phases: [{mixture: half, tokens: 2K}]}
                eval: {probes: false, task_files: ["%s"]}
                """;
        Path local =
                TinyCorpus.spec(
                        eval, "tasks", "bytes", rest.formatted(eval.resolve("braces.jsonl")));
        Path inBucket = eval.resolve("tasks-s3.yaml");
        Files.writeString(
                inBucket,
                Files.readString(local)
                        .replace(
                                eval.resolve("braces.jsonl").toString(),
                                "s3://" + BUCKET + "/tasks/braces.jsonl"));
        Path work = eval.resolve("work");
        for (List<String> step :
                List.of(List.of("build", "--runner", "direct"), List.of("train"))) {
            List<String> args = new ArrayList<>(step);
            args.addAll(1, List.of(local.toString()));
            args.addAll(List.of("--workdir", work.toString()));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        Path results = work.resolve("runs/r-tiny-s0/eval/pretrain");
        CliRun fromDisk =
                CliRun.of("eval", local.toString(), "--all", "--workdir", work.toString());
        assertThat(fromDisk.exitCode()).as(fromDisk.err()).isZero();
        JsonNode diskResults = JSON.readTree(results.resolve("results_proxy.json").toFile());
        String diskSamples = Files.readString(results.resolve("samples_braces_proxy.jsonl"));
        CliRun fromBucket =
                CliRun.of(
                        "eval",
                        inBucket.toString(),
                        "--all",
                        "--force",
                        "--workdir",
                        work.toString());
        assertThat(fromBucket.exitCode()).as(fromBucket.err()).isZero();
        assertThat(fromBucket.out()).doesNotContain("(up to date)");
        JsonNode bucketResults = JSON.readTree(results.resolve("results_proxy.json").toFile());
        assertThat(bucketResults.path("n-samples").path("braces").path("effective").asInt())
                .isEqualTo(3);
        assertThat(bucketResults.path("results").path("braces"))
                .isEqualTo(diskResults.path("results").path("braces"));
        assertThat(Files.readString(results.resolve("samples_braces_proxy.jsonl")))
                .isEqualTo(diskSamples);
    }

    @Test
    void anUnreachableEndpointIsOneLineWithExitTwoForEveryPlaceAUriGoes() throws Exception {
        upload(FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json"), "closed/v03.json");
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ObjectStorageTest.useEndpoint("http://127.0.0.1:" + closed);
        try {
            Path local = Files.createDirectories(dir.resolve("closed"));
            Files.copy(
                    FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json"),
                    local.resolve("v03.json"));
            Map<String, CliRun> runs = new TreeMap<>();
            runs.put(
                    "--out s3://" + BUCKET + "/closed/sample",
                    CliRun.of("sample", "--out", "s3://" + BUCKET + "/closed/sample"));
            runs.put(
                    "work directory s3://" + BUCKET + "/closed/work",
                    CliRun.evalImport(
                            local.resolve("v03.json").toString(),
                            "r",
                            "s3://" + BUCKET + "/closed/work"));
            runs.put(
                    "s3://" + BUCKET + "/closed/v03.json",
                    CliRun.evalImport(
                            "s3://" + BUCKET + "/closed/v03.json",
                            "r",
                            local.resolve("work").toString()));
            runs.forEach(
                    (uri, run) -> {
                        assertThat(run.exitCode()).as(uri + ": " + run.err()).isEqualTo(2);
                        assertThat(run.err().strip())
                                .as(uri)
                                .doesNotContain("\n", "\tat ", "Exception")
                                .contains(uri, "127.0.0.1:" + closed, "Connection refused");
                    });
            assertThat(local.resolve("work/results")).doesNotExist();
        } finally {
            ObjectStorageTest.useEndpoint(s3.endpoint());
        }
        assertThat(bucket.resolve("closed/sample")).doesNotExist();
        assertThat(bucket.resolve("closed/work")).doesNotExist();
    }

    @Test
    void wrongCredentialsAreOneLineWithExitTwoAndNothingIsWritten() throws Exception {
        try (S3ProxyServer guarded =
                S3ProxyServer.start(
                        Files.createDirectories(dir.resolve("guarded")),
                        "right",
                        "secret",
                        "guarded")) {
            ObjectStorageTest.useEndpoint(guarded.endpoint());
            Path stored = guarded.baseDir().resolve("guarded");
            Files.copy(
                    FIXTURES.resolve("lm-eval-0.3/pythia-160m-results.json"),
                    stored.resolve("v03.json"));
            Map<String, CliRun> runs = new TreeMap<>();
            runs.put(
                    "--out s3://guarded/sample",
                    CliRun.of("sample", "--out", "s3://guarded/sample"));
            runs.put(
                    "s3://guarded/v03.json",
                    CliRun.evalImport(
                            "s3://guarded/v03.json", "r", dir.resolve("guarded-work").toString()));
            Path spec = dir.resolve("guarded.yaml");
            Files.writeString(spec, ObjectStorageTest.spec("s3://guarded/in"));
            runs.put("s3://guarded/in/prose*.jsonl", CliRun.of("plan", spec.toString()));
            runs.forEach(
                    (uri, run) -> {
                        assertThat(run.exitCode()).as(uri + ": " + run.err()).isEqualTo(2);
                        assertThat(run.err().strip())
                                .as(uri)
                                .doesNotContain("\n", "\tat ", "Exception")
                                .doesNotContain("null")
                                .contains(uri, "Forbidden", "403");
                    });
            try (Stream<Path> left = Files.list(stored)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("v03.json");
            }
            assertThat(dir.resolve("guarded-work/results")).doesNotExist();
        } finally {
            ObjectStorageTest.useEndpoint(s3.endpoint());
        }
    }

    /** The stats.json of the one pool under {@code pools}. */
    private static JsonNode stats(Path pools) throws IOException {
        return JSON.readTree(published(pools).resolve("stats.json").toFile());
    }

    @Test
    void anInputGlobListsEveryOneOfMoreThanTenThousandObjects() throws Exception {
        try (S3ProxyServer memory =
                        S3ProxyServer.startInMemory(
                                Files.createDirectories(dir.resolve("in-memory")));
                S3Client client = client(memory.endpoint())) {
            client.createBucket(b -> b.bucket("many"));
            ExecutorService uploads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < MANY; i++) {
                    String key = String.format("docs/part-%05d.jsonl", i);
                    String line = "{\"id\": \"" + i + "\", \"text\": \"document " + i + "\"}\n";
                    puts.add(uploads.submit(() -> put(client, key, line)));
                }
                for (Future<?> put : puts) put.get();
            } finally {
                uploads.shutdown();
            }
            put(client, "docs/README.txt", "not matched by *.jsonl\n");
            put(client, "code/code.jsonl", "{\"id\": \"c\", \"text\": \"class A {}\"}\n");
            Path spec = dir.resolve("many.yaml");
            Files.writeString(
                    spec,
                    ObjectStorageTest.storage(memory.endpoint())
                            + """
                            name: many
                            tokenizer: bytes
                            seq_len: 128
                            sources:
                              - {name: docs, kind: text, inputs: "s3://many/docs/*.jsonl"}
                              - {name: code, kind: code, inputs: "s3://many/code/code.jsonl"}
                            mixtures:
                              - {name: half, weights: {docs: 0.5, code: 0.5}, budget: 8K}
                            """);
            CliRun plan = CliRun.of("plan", spec.toString(), "--json");
            assertThat(plan.exitCode()).as(plan.err()).isZero();
            JsonNode sources = JSON.readTree(plan.out()).path("sources");
            assertThat(sources.get(0).path("name").asText()).isEqualTo("docs");
            assertThat(sources.get(0).path("matched_inputs").asInt()).isEqualTo(MANY);
            assertThat(sources.get(1).path("matched_inputs").asInt()).isEqualTo(1);
        } finally {
            ObjectStorageTest.useEndpoint(s3.endpoint());
        }
    }

    private static S3Client client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("mixlab-test", "mixlab-test")))
                .build();
    }

    private static Object put(S3Client client, String key, String content) {
        return client.putObject(b -> b.bucket("many").key(key), RequestBody.fromString(content));
    }
}
