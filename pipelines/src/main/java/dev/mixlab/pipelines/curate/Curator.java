package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.filters.tokenize.Tokenizer;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.InputFiles;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadTask;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code mixlab curate}: builds the pool of every source that has none for its current fingerprint.
 * A pool directory is named {@code <source>-<fingerprint>} where the fingerprint covers the input
 * files (paths, sizes, modification times), the source's settings, the tokenizer, the read limits
 * and the software version; it is built under a temporary name and renamed when complete, with
 * {@code stats.json} written last. A rerun with nothing changed reuses it; {@code force} rebuilds.
 */
public final class Curator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one source. */
    public record PoolResult(String source, Path poolDir, boolean reused, PoolStats stats) {}

    private final AblationSpec spec;
    private final WorkDir workDir;
    private final RunnerChoice runner;
    private final ReadLimits limits;
    private final PrintStream log;

    public Curator(
            AblationSpec spec,
            WorkDir workDir,
            RunnerChoice runner,
            ReadLimits limits,
            PrintStream log) {
        this.spec = spec;
        this.workDir = workDir;
        this.runner = runner;
        this.limits = limits;
        this.log = log;
    }

    /**
     * Curates {@code sources} (all when empty), in spec order. Inputs must exist. The sources whose
     * pools are missing or stale are built together in one job, so they share its start-up and its
     * workers.
     */
    public List<PoolResult> curate(List<String> sources, boolean force) {
        List<String> missing = new AblationPlan(spec, workDir).missingInputMessages();
        if (!missing.isEmpty()) throw new MissingInputsException(missing);
        Map<String, PoolResult> results = new LinkedHashMap<>();
        List<PendingPool> pending = new ArrayList<>();
        for (SourceSpec source : spec.sources()) {
            if (!sources.isEmpty() && !sources.contains(source.name())) continue;
            Path finalDir = poolDir(source);
            Path statsFile = finalDir.resolve(PoolStats.FILE_NAME);
            if (!force && Files.isRegularFile(statsFile)) {
                log.printf("%s: pool is up to date (%s)%n", source.name(), finalDir);
                results.put(
                        source.name(),
                        new PoolResult(source.name(), finalDir, true, PoolStats.read(statsFile)));
            } else {
                results.put(source.name(), null);
                pending.add(prepare(source, finalDir));
            }
        }
        if (!pending.isEmpty()) {
            double seconds = runJob(pending);
            List<String> failures = new ArrayList<>();
            for (PendingPool pool : pending) {
                try {
                    results.put(pool.source().name(), finish(pool, seconds));
                } catch (IllegalStateException e) {
                    failures.add(e.getMessage());
                }
            }
            if (!failures.isEmpty()) throw new IllegalStateException(String.join("; ", failures));
        }
        return List.copyOf(results.values());
    }

    /** Inputs that match no file: an invalid configuration, nothing was run. */
    public static final class MissingInputsException extends InvalidRequestException {
        public MissingInputsException(List<String> missing) {
            super("missing inputs: " + String.join("; ", missing));
        }
    }

    public Path poolDir(SourceSpec source) {
        return workDir.pools().resolve(source.name() + "-" + fingerprint(source).substring(0, 16));
    }

    /**
     * A pool being built: its plan, and the temporary directory that becomes {@code finalDir} when
     * it is complete.
     */
    private record PendingPool(SourceSpec source, CurationPlan plan, Path tempDir, Path finalDir) {}

    private PendingPool prepare(SourceSpec source, Path finalDir) {
        CurationPlan plan = CurationPlan.of(spec, source, limits);
        Path tempDir = finalDir.resolveSibling("." + finalDir.getFileName() + ".partial");
        deleteTree(tempDir);
        createDirectories(tempDir);
        return new PendingPool(source, plan, tempDir, finalDir);
    }

    /** Builds every pending pool in one job; returns its wall-clock seconds. */
    private double runJob(List<PendingPool> pending) {
        List<String> sourceNames = pending.stream().map(p -> p.source().name()).toList();
        String names = String.join(", ", sourceNames);
        Pipeline pipeline =
                Pipeline.create(runner.options("mixlab-curate-" + String.join("-", sourceNames)));
        for (PendingPool pool : pending) {
            SourceSpec source = pool.source();
            List<ReadTask> tasks = CorpusReader.plan(source, limits);
            int parts = partCount(source);
            log.printf(
                    "%s: curating %d read task(s) into %d part(s) on %s%n",
                    source.name(), tasks.size(), parts, runner.describe());
            Map<String, List<ReadTask>> deferTo = new LinkedHashMap<>();
            for (String other : source.dedup().acrossSources())
                deferTo.put(other, CorpusReader.plan(spec.source(other).orElseThrow(), limits));
            pipeline.apply(
                    "Curate-" + source.name(),
                    new CurateSource(
                            pool.plan(), tasks, deferTo, pool.tempDir().toString(), parts));
        }
        String job =
                pending.size() == 1
                        ? "the curation job of source '" + names + "'"
                        : "the curation job of sources '" + names + "'";
        long started = System.nanoTime();
        try (CurationProgressDisplay progress =
                CurationProgressDisplay.start(names, runner.isLocal(), log)) {
            PipelineResult.State state = pipeline.run().waitUntilFinish();
            if (state != PipelineResult.State.DONE)
                throw new IllegalStateException(job + " ended " + state);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    job
                            + " failed on "
                            + runner.describe()
                            + ": "
                            + rootCause(e)
                            + "; nothing was kept under the pools' final names, rerun to retry",
                    e);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Checks the pool's ledger, writes its statistics and renames it to its final name. */
    private PoolResult finish(PendingPool pool, double seconds) {
        SourceSpec source = pool.source();
        Path tempDir = pool.tempDir();
        Map<String, Long> ledger = readLedger(tempDir);
        PoolStats stats = poolStats(source, pool.plan(), ledger, tempDir);
        ensureFile(tempDir.resolve(WritePool.QUARANTINE_FILE));
        writeRunInfo(tempDir, seconds);
        stats.write(tempDir);
        deleteTree(pool.finalDir());
        move(tempDir, pool.finalDir());
        log.print(CurationSummary.table(source.name(), stats, seconds));
        return new PoolResult(source.name(), pool.finalDir(), false, stats);
    }

    private PoolStats poolStats(
            SourceSpec source, CurationPlan plan, Map<String, Long> ledger, Path dir) {
        Conservation conservation = Conservation.of(ledger);
        if (!conservation.holds()) {
            throw new IllegalStateException(
                    "source '"
                            + source.name()
                            + "': conservation does not hold — "
                            + conservation
                            + "; the pool is left unfinished in "
                            + dir
                            + " for inspection");
        }
        Tokenizer tokenizer = TokenizeFn.tokenizer(plan.tokenizer());
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        extra.put("source", f.textNode(source.name()));
        extra.put("kind", f.textNode(source.kind()));
        extra.put("fingerprint", f.textNode(fingerprint(source)));
        extra.put("vocab_size", f.numberNode(tokenizer.vocabSize()));
        extra.put("mixlab_version", f.textNode(MixlabVersion.get()));
        extra.put("train_bytes", f.numberNode(ledger.getOrDefault("split:train#bytes", 0L)));
        extra.put(
                "validation_bytes",
                f.numberNode(ledger.getOrDefault("split:validation#bytes", 0L)));
        extra.put("conservation", conservation.toJson());
        extra.put("stages", CurationSummary.stagesJson(ledger));
        extra.put("steps", CurationSummary.stepsJson(ledger));
        extra.put("dropped", CurationSummary.documentsUnder(ledger, Ledger.DROPPED));
        extra.put("quarantined", CurationSummary.documentsUnder(ledger, Ledger.QUARANTINED));
        extra.put("counts", CurationSummary.counters(ledger));
        extra.put("parts", partsJson(dir));
        return new PoolStats(
                ledger.getOrDefault("split:train#tokens", 0L),
                ledger.getOrDefault("split:train#docs", 0L),
                ledger.getOrDefault("split:validation#tokens", 0L),
                ledger.getOrDefault("split:validation#docs", 0L),
                tokenizer.fingerprint(),
                tokenizer.eosId(),
                extra);
    }

    /**
     * The innermost message, which says what actually went wrong (Beam and Flink wrap it several
     * times).
     */
    static String rootCause(Throwable e) {
        return dev.mixlab.filters.Failures.describeRootCause(e);
    }

    private static JsonNode partsJson(Path dir) {
        var array = JsonNodeFactory.instance.arrayNode();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches("part-\\d{5}\\.parquet"))
                    .sorted()
                    .forEach(
                            p ->
                                    array.add(
                                            JsonNodeFactory.instance
                                                    .objectNode()
                                                    .put("file", p.getFileName().toString())
                                                    .put("sha256", sha256(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return array;
    }

    /**
     * Runner and timing, kept out of stats.json so that the pool's own files are identical on every
     * runner.
     */
    private void writeRunInfo(Path dir, double seconds) {
        ObjectNode run = JSON.createObjectNode();
        run.put("runner", runner.describe());
        run.put("seconds", Math.round(seconds * 10) / 10.0);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("run.json").toFile(), run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fingerprint of everything that determines the pool's content. */
    public String fingerprint(SourceSpec source) {
        ObjectNode key = JSON.createObjectNode();
        key.put("mixlab", MixlabVersion.get());
        key.put("source", source.name());
        key.put("kind", source.kind());
        key.put("format", source.format().yamlName());
        key.put("fields", source.fields().toString());
        key.put("dedup", source.dedup().toString());
        key.set("filters", JSON.valueToTree(new TreeMap<>(source.filters())));
        key.put("pii", source.redactsPii());
        key.put("heldout_fraction", source.heldoutFraction());
        key.put("tokenizer", spec.tokenizer().describe());
        if (spec.tokenizer().tokenizerJson() != null)
            key.put("tokenizer_sha256", sha256(spec.tokenizer().tokenizerJson()));
        key.put("limits", limits.toString());
        var files = key.putArray("inputs");
        List<Path> inputs = new ArrayList<>(InputFiles.resolve(source));
        // Sources this one defers to in exact dedup decide what it keeps, so their files count too.
        for (String other : source.dedup().acrossSources())
            inputs.addAll(InputFiles.resolve(spec.source(other).orElseThrow()));
        for (Path input : inputs) {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile)
                        .sorted()
                        .forEach(
                                p ->
                                        files.add(
                                                p.toAbsolutePath()
                                                        + "|"
                                                        + size(p)
                                                        + "|"
                                                        + modified(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list input " + input, e);
            }
        }
        return sha256(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parts of about {@link WritePool#TARGET_PART_BYTES} of text; compressed inputs count four
     * times their size.
     */
    private int partCount(SourceSpec source) {
        long bytes = 0;
        for (Path input : InputFiles.resolve(source)) {
            try (Stream<Path> walk = Files.walk(input)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    String name = p.getFileName().toString();
                    bytes +=
                            size(p)
                                    * (name.endsWith(".gz")
                                                    || name.endsWith(".zst")
                                                    || name.endsWith(".parquet")
                                            ? 4
                                            : 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list input " + input, e);
            }
        }
        return (int)
                Math.max(
                        1,
                        Math.min(
                                10_000,
                                (bytes + WritePool.TARGET_PART_BYTES - 1)
                                        / WritePool.TARGET_PART_BYTES));
    }

    private static Map<String, Long> readLedger(Path dir) {
        Path file = dir.resolve(WritePool.LEDGER_FILE);
        if (!Files.isRegularFile(file)) return Map.of(); // nothing was read: every count is zero
        try {
            Map<String, Long> ledger = new TreeMap<>();
            JSON.readTree(file.toFile())
                    .properties()
                    .forEach(e -> ledger.put(e.getKey(), e.getValue().asLong()));
            return ledger;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ensureFile(Path file) {
        try {
            if (!Files.exists(file)) Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
