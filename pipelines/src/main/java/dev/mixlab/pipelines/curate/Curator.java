package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.filters.decontaminate.EvalIndex;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.pool.PoolContamination;
import dev.mixlab.mixtures.pool.PoolFingerprint;
import dev.mixlab.mixtures.pool.PoolRecord.Split;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.InputFiles;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadTask;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.tokenizers.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code mixlab curate}: builds the pool of every source that has none for its current fingerprint
 * ({@link PoolFingerprint}), as one Beam job. Each pool is built under its lock in a staging
 * directory of the work directory's {@link OutputStore} and published with {@code stats.json}, its
 * commit marker, written last; a rerun with nothing changed reuses it, {@code force} rebuilds. A
 * pool whose input files did not stay as its fingerprint describes while they were read is not
 * published: the job fails (see {@link ReadDocumentsFn}).
 */
public final class Curator {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String COMMAND = "mixlab curate";

    /** What happened to one source. */
    public record PoolResult(String source, Path poolDir, boolean reused, PoolStats stats) {}

    /** Runner and timing, kept out of stats.json so the pool's own files match on every runner. */
    record RunInfo(String runner, double seconds) {}

    private final AblationSpec spec;
    private final WorkDir workDir;
    private final OutputStore store;
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
        this.store = workDir.store();
        this.runner = runner;
        this.limits = limits;
        this.log = log;
    }

    /**
     * Curates {@code sources} (all when empty), in spec order. Inputs must exist. The sources whose
     * pools are missing or stale are built together in one job, so they share its start-up and its
     * workers.
     *
     * @throws dev.mixlab.io.OutputBusyException when another process is building one of the pools
     */
    public List<PoolResult> curate(List<String> sources, boolean force) {
        List<String> missing =
                new AblationPlan(spec, workDir, limits.toString()).missingInputMessages();
        if (!missing.isEmpty()) throw new MissingInputsException(missing);
        Map<String, PoolResult> results = new LinkedHashMap<>();
        List<PendingPool> pending = new ArrayList<>();
        // Evaluation sets are read and cut into n-grams once per unit, whatever the sources.
        Map<String, EvalIndex> indexes = new java.util.HashMap<>();
        // Pools half-built by crashed runs: never resumed, removed unless a live process holds
        // them.
        store.removeAbandoned(workDir.pools());
        try {
            for (SourceSpec source : spec.sources()) {
                if (!sources.isEmpty() && !sources.contains(source.name())) continue;
                PoolFingerprint fingerprint = PoolFingerprint.of(spec, source, limits.toString());
                Path dir = workDir.pool(source.name(), fingerprint.hex());
                OutputLock lock = store.lock(dir, COMMAND);
                boolean building = false;
                try {
                    if (!force && store.isPublished(dir, PoolStats.FILE_NAME)) {
                        log.printf("%s: pool is up to date (%s)%n", source.name(), dir);
                        results.put(
                                source.name(),
                                new PoolResult(
                                        source.name(),
                                        dir,
                                        true,
                                        PoolStats.read(dir.resolve(PoolStats.FILE_NAME))));
                        continue;
                    }
                    // Sources with the same unit and n-gram size share one index.
                    String indexKey = ContaminationLedger.indexKey(spec.decontamination(), source);
                    EvalIndex index =
                            indexKey == null
                                    ? null
                                    : indexes.computeIfAbsent(
                                            indexKey,
                                            k ->
                                                    ContaminationLedger.indexFor(
                                                            spec.decontamination(), source));
                    results.put(source.name(), null);
                    pending.add(
                            new PendingPool(
                                    source,
                                    fingerprint,
                                    CurationPlan.of(spec, source, limits),
                                    lock,
                                    store.stage(dir, "", false),
                                    dir,
                                    index));
                    building = true;
                } finally {
                    if (!building) lock.close();
                }
            }
            if (pending.isEmpty()) return List.copyOf(results.values());
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
            return List.copyOf(results.values());
        } finally {
            for (PendingPool pool : pending) pool.lock().close();
        }
    }

    /** Inputs that match no file: an invalid configuration, nothing was run. */
    public static final class MissingInputsException extends InvalidRequestException {
        public MissingInputsException(List<String> missing) {
            super("missing inputs: " + String.join("; ", missing));
        }
    }

    /** A pool being built: its plan, its lock and the staging area that becomes {@code dir}. */
    private record PendingPool(
            SourceSpec source,
            PoolFingerprint fingerprint,
            CurationPlan plan,
            OutputLock lock,
            OutputStore.Staging staging,
            Path dir,
            EvalIndex evalIndex) {}

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
                            pool.plan(),
                            tasks,
                            deferTo,
                            pool.fingerprint().inputs(),
                            pool.staging().dir().toString(),
                            parts,
                            pool.evalIndex() == null
                                    ? null
                                    : new Decontaminate(
                                            pool.evalIndex().decontaminator(),
                                            spec.decontamination().maxDocumentFrequency(),
                                            pool.staging().dir().toString())));
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

    /** Checks the pool's ledger, writes its run info and publishes it with its statistics. */
    private PoolResult finish(PendingPool pool, double seconds) {
        SourceSpec source = pool.source();
        Path staged = pool.staging().dir();
        Map<String, Long> ledger = readLedger(staged);
        Conservation conservation = Conservation.of(ledger);
        if (!conservation.holds()) {
            throw new IllegalStateException(
                    "source '"
                            + source.name()
                            + "': conservation does not hold — "
                            + conservation
                            + "; the pool is left unfinished in "
                            + staged
                            + " for inspection");
        }
        ContaminationLedger.Stats decontamination =
                pool.evalIndex() == null
                        ? null
                        : ContaminationLedger.finish(
                                staged, pool.evalIndex(), spec.decontamination(), source, ledger);
        Tokenizer tokenizer = TokenizeFn.tokenizer(pool.plan().tokenizer());
        CurationStats curation =
                new CurationStats(
                        source.name(),
                        source.kind(),
                        pool.fingerprint().hex(),
                        tokenizer.vocabSize(),
                        MixlabVersion.get(),
                        ledger.getOrDefault(Ledger.bytes(Ledger.split(Split.TRAIN)), 0L),
                        ledger.getOrDefault(Ledger.bytes(Ledger.split(Split.VALIDATION)), 0L),
                        conservation,
                        CurationSummary.stages(ledger),
                        CurationSummary.steps(ledger),
                        CurationSummary.documentsUnder(ledger, Ledger.DROPPED),
                        CurationSummary.documentsUnder(ledger, Ledger.QUARANTINED),
                        CurationSummary.counters(ledger),
                        CurationSummary.languages(ledger),
                        parts(staged),
                        decontamination);
        PoolStats stats =
                new PoolStats(
                        ledger.getOrDefault(Ledger.tokens(Ledger.split(Split.TRAIN)), 0L),
                        ledger.getOrDefault(Ledger.docs(Ledger.split(Split.TRAIN)), 0L),
                        ledger.getOrDefault(Ledger.tokens(Ledger.split(Split.VALIDATION)), 0L),
                        ledger.getOrDefault(Ledger.docs(Ledger.split(Split.VALIDATION)), 0L),
                        tokenizer.fingerprint(),
                        tokenizer.eosId(),
                        curation.asExtra());
        List<String> files = new ArrayList<>();
        curation.parts().forEach(part -> files.add(part.file()));
        try {
            Path quarantine = staged.resolve(WritePool.QUARANTINE_FILE);
            if (!Files.exists(quarantine)) Files.createFile(quarantine);
            files.add(WritePool.QUARANTINE_FILE);
            if (decontamination != null) files.add(PoolContamination.FILE_NAME);
            if (Files.exists(staged.resolve(WritePool.LEDGER_FILE)))
                files.add(WritePool.LEDGER_FILE);
            JSON.writeValue(
                    Files.newOutputStream(staged.resolve(RUN_FILE)),
                    new RunInfo(runner.describe(), Math.round(seconds * 10) / 10.0));
            files.add(RUN_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the pool of source '"
                            + source.name()
                            + "' in "
                            + staged
                            + ": "
                            + e.getMessage(),
                    e);
        }
        pool.staging().publish(PoolStats.FILE_NAME, stats.toBytes(), files);
        log.print(CurationSummary.table(curation, stats, seconds));
        return new PoolResult(source.name(), pool.dir(), false, stats);
    }

    private static final String RUN_FILE = "run.json";

    /**
     * The innermost message, which says what actually went wrong (Beam and Flink wrap it several
     * times).
     */
    static String rootCause(Throwable e) {
        return dev.mixlab.filters.Failures.describeRootCause(e);
    }

    private static List<CurationStats.PartFile> parts(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<CurationStats.PartFile> parts = new ArrayList<>();
            for (Path part :
                    files.filter(p -> p.getFileName().toString().matches("part-\\d{5}\\.parquet"))
                            .sorted()
                            .toList()) {
                parts.add(
                        new CurationStats.PartFile(
                                part.getFileName().toString(), Sha256.hexOf(part)));
            }
            return parts;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot hash the parts in " + dir + ": " + e.getMessage(), e);
        }
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
                            Files.size(p)
                                    * (name.endsWith(".gz")
                                                    || name.endsWith(".zst")
                                                    || name.endsWith(".parquet")
                                            ? 4
                                            : 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot measure input " + input + ": " + e.getMessage(), e);
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
            JSON.readTree(Files.readAllBytes(file))
                    .properties()
                    .forEach(e -> ledger.put(e.getKey(), e.getValue().asLong()));
            return ledger;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
