package dev.mixlab.launcher;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.filters.Suggestions;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.io.OutsideRootException;
import dev.mixlab.launcher.backend.CommandBackend;
import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.launcher.backend.SlurmBackend;
import dev.mixlab.launcher.backend.TrainingBackend;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.proxy.TrainingFlops;
import dev.mixlab.launcher.run.ManifestHash;
import dev.mixlab.launcher.run.PhaseResult;
import dev.mixlab.launcher.run.RunIdentity;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.launcher.run.RunRecord.Status;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.DataOrder;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.ModelSpec;
import dev.mixlab.mixtures.spec.PhaseSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.TokenCounts;
import dev.mixlab.tokenizers.Tokenizer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns an ablation's runs into training jobs: selects runs (with the runs they start from), orders
 * them so dependencies come first (the spec already lists them so), and trains each phase on a
 * backend, keeping {@code runs/<id>/run.json} current. Completed runs are skipped; a run stopped
 * midway continues from its last checkpoint; a phase whose mixture was rebuilt since it started is
 * refused. A run is trained under its lock ({@code runs/.<run-id>.lock}), and every run directory
 * and checkpoint directory must lie inside the work directory.
 */
public final class Launcher {
    private final AblationSpec spec;
    private final WorkDir work;
    private final OutputStore store;
    private final int vocab;
    private final DataOrder dataOrder;

    public Launcher(AblationSpec spec, WorkDir work) {
        this.spec = spec;
        this.work = work;
        this.store = work.store();
        this.dataOrder = spec.dataOrder();
        try (Tokenizer tokenizer = spec.tokenizer().factory().open()) {
            this.vocab = tokenizer.vocabSize();
        }
    }

    public int vocab() {
        return vocab;
    }

    /**
     * A user-facing failure: bad selection, missing mixture, refused resume (exit 2 in the CLI).
     */
    public static final class LaunchException extends InvalidRequestException {
        public LaunchException(String message) {
            super(message);
        }
    }

    /**
     * The runs named in {@code only} (run ids or recipe names; empty = all runs) plus every run
     * they start from, in dependency order.
     */
    public List<RunSpec> select(Collection<String> only) {
        if (spec.runs().isEmpty()) {
            throw new LaunchException(
                    spec.file() + " declares no runs; add a runs: section (docs/SPEC.md)");
        }
        if (only.isEmpty()) return spec.runs();
        Map<String, RunSpec> byId =
                spec.runs().stream().collect(Collectors.toMap(RunSpec::id, Function.identity()));
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : only) {
            List<RunSpec> matches =
                    spec.runs().stream()
                            .filter(r -> r.id().equals(name) || r.recipe().equals(name))
                            .toList();
            if (matches.isEmpty()) {
                List<String> names = new ArrayList<>(byId.keySet());
                spec.runs()
                        .forEach(
                                r -> {
                                    if (!names.contains(r.recipe())) names.add(r.recipe());
                                });
                throw new LaunchException(
                        "--only "
                                + name
                                + ": no run or recipe of that name"
                                + Suggestions.didYouMean(name, names)
                                + "; runs: "
                                + String.join(", ", byId.keySet()));
            }
            matches.forEach(r -> addWithDependencies(r, byId, wanted));
        }
        return spec.runs().stream().filter(r -> wanted.contains(r.id())).toList();
    }

    private static void addWithDependencies(
            RunSpec run, Map<String, RunSpec> byId, Set<String> wanted) {
        if (run.initFrom() != null)
            addWithDependencies(byId.get(run.initFrom().run()), byId, wanted);
        wanted.add(run.id());
    }

    /**
     * Phase {@code index} of {@code run} resolved to a job.
     *
     * @throws OutsideRootException when the run's or the phase's directory would lie outside the
     *     work directory (a name leading out of it)
     */
    public PhaseJob job(RunSpec run, int index) {
        PhaseSpec phase = run.phases().get(index);
        ModelSpec model = spec.models().get(run.model());
        Path init =
                phase.initFrom() == null
                        ? null
                        : Checkpoint.phaseDir(
                                        work.run(phase.initFrom().run()), phase.initFrom().phase())
                                .resolve(Checkpoint.FINAL);
        String previous = index == 0 ? null : run.phases().get(index - 1).name();
        Path runDir = store.inside(work.run(run.id()), "write");
        store.inside(Checkpoint.phaseDir(runDir, phase.name()), "write");
        DataOrder.RowRange rows = dataOrder.range(run.id(), phase.name());
        long mixtureRows = builtRows(phase.mixture());
        // A phase that starts a new pass (new_epoch) starts at its position within the mixture.
        long startRow = mixtureRows > 0 ? rows.start() % mixtureRows : rows.start();
        return new PhaseJob(
                run.id(),
                phase.name(),
                model,
                vocab,
                spec.seqLen(),
                spec.training().batchSize(),
                phase.tokens(),
                phase.lr(),
                spec.training().weightDecay(),
                spec.training().gradClip(),
                run.seed(),
                work.mixture(phase.mixture()),
                runDir,
                previous,
                init,
                spec.training().checkpointEvery(),
                spec.training().logEvery(),
                startRow,
                phase.newEpoch());
    }

    /** The train rows of the built mixture, or 0 while it is not built. */
    private long builtRows(String mixture) {
        Path dir = work.mixture(mixture);
        if (!Files.isRegularFile(dir.resolve(MixtureManifest.FILE_NAME))) return 0;
        return MixtureManifest.read(dir).train().rows();
    }

    /** The rows of its mixture phase {@code phase} of {@code run} reads (before any new pass). */
    public DataOrder.RowRange rows(RunSpec run, String phase) {
        return dataOrder.range(run.id(), phase);
    }

    /**
     * The identity of {@code run} as the spec resolves it now, trained on {@code backend}: the
     * manifests of built mixtures, the identities of the runs it starts from.
     */
    public RunIdentity identity(RunSpec run, String backend) {
        List<RunIdentity.Phase> phases = new ArrayList<>();
        for (PhaseSpec p : run.phases()) {
            Path mixture = work.mixture(p.mixture());
            String sha =
                    Files.isRegularFile(mixture.resolve(MixtureManifest.FILE_NAME))
                            ? ManifestHash.of(mixture)
                            : null;
            String parentSha = null;
            if (p.initFrom() != null) {
                parentSha =
                        spec.runs().stream()
                                .filter(r -> r.id().equals(p.initFrom().run()))
                                .findFirst()
                                .map(parent -> identity(parent, backend).hashed().sha256())
                                .orElse(null);
            }
            phases.add(
                    new RunIdentity.Phase(
                            p.name(),
                            p.mixture(),
                            sha,
                            p.tokens(),
                            p.lr(),
                            p.initFrom() == null ? null : p.initFrom().toString(),
                            parentSha,
                            dataOrder.range(run.id(), p.name()).start()));
        }
        var command = spec.training().command();
        return RunIdentity.of(
                spec.models().get(run.model()),
                run.seed(),
                spec.tokenizer().describe(),
                spec.seqLen(),
                spec.training().batchSize(),
                spec.training().weightDecay(),
                spec.training().gradClip(),
                backend,
                command == null ? "" : command.template(),
                phases);
    }

    /**
     * How the recorded {@code run} differs from the spec (trained on {@code backend}), one {@code
     * key old → new} per difference; empty when it matches or has no record.
     *
     * @throws RunRecord.CorruptException when its run.json is not a consistent run record
     */
    public List<String> staleness(RunSpec run, String backend) {
        RunRecord record = RunRecord.read(work.run(run.id())).orElse(null);
        if (record == null) return List.of();
        return RunIdentity.recorded(record).differences(identity(run, backend));
    }

    /**
     * Refuses (exit 2) when a recorded run among {@code runs} differs from the spec: its results
     * would not be what the spec says. {@code what} names what is refused, {@code backend} null
     * compares each run with the backend it was trained on.
     */
    public void requireCurrent(List<RunSpec> runs, String backend, String what) {
        List<String> stale = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (RunSpec run : runs) {
            String on = backend;
            if (on == null) {
                on =
                        RunRecord.read(work.run(run.id()))
                                .map(r -> r.setup().backend())
                                .orElse(spec.training().backend());
            }
            List<String> diff = staleness(run, on);
            if (!diff.isEmpty()) {
                stale.add(run.id() + " (" + String.join("; ", diff) + ")");
                ids.add(run.id());
            }
        }
        if (stale.isEmpty()) return;
        throw new LaunchException(
                (stale.size() == 1 ? "run " : stale.size() + " runs ")
                        + String.join(", ", stale)
                        + (stale.size() == 1 ? " was" : " were")
                        + " trained with settings that differ from "
                        + spec.file()
                        + " (recorded → now), so "
                        + what
                        + "; retrain with `mixlab train "
                        + spec.file()
                        + " --restart "
                        + String.join(",", ids)
                        + "`, or rename the recipe in the spec to keep the old run beside a new one");
    }

    /** The backend the spec names, or {@code override}. */
    public TrainingBackend backend(String override) {
        String name = override != null ? override : spec.training().backend();
        return switch (name) {
            case "proxy" -> new ProxyBackend();
            case "command" -> new CommandBackend(requireCommand(name));
            case "slurm" -> {
                if (spec.training().slurm() == null) {
                    throw new LaunchException(
                            "backend slurm needs training.slurm (directives, setup) in "
                                    + spec.file()
                                    + " (docs/TRAINING.md)");
                }
                yield new SlurmBackend(requireCommand(name), spec.training().slurm());
            }
            default ->
                    throw new LaunchException(
                            "unknown backend '" + name + "'; use proxy, command or slurm");
        };
    }

    private dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec requireCommand(String backend) {
        if (spec.training().command() == null) {
            throw new LaunchException(
                    "backend "
                            + backend
                            + " needs training.command.template in "
                            + spec.file()
                            + " (docs/TRAINING.md)");
        }
        return withSpecDir(spec.training().command(), spec);
    }

    /**
     * {@code command} with {@code MIXLAB_SPEC_DIR} (the spec file's directory) in its environment
     * unless it sets that itself, so a template can name scripts kept beside the spec.
     */
    public static dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec withSpecDir(
            dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec command, AblationSpec spec) {
        if (spec.file() == null || command.env().containsKey(SPEC_DIR_VARIABLE)) return command;
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(SPEC_DIR_VARIABLE, spec.file().toAbsolutePath().normalize().getParent().toString());
        env.putAll(command.env());
        return new dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec(command.template(), env);
    }

    /** The environment variable holding the spec file's directory in external commands. */
    public static final String SPEC_DIR_VARIABLE = "MIXLAB_SPEC_DIR";

    /**
     * The plan as text: runs in order with their phases, budgets, schedules, links and current
     * status.
     */
    public String describe(List<RunSpec> runs, TrainingBackend backend) {
        StringBuilder out = new StringBuilder();
        long rowsPerStep = spec.training().batchSize();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Ablation %s: %d run%s in dependency order, backend %s, batch %d × seq_len %d = %,d tokens per step%n",
                        spec.name(),
                        runs.size(),
                        runs.size() == 1 ? "" : "s",
                        backend.name(),
                        rowsPerStep,
                        spec.seqLen(),
                        rowsPerStep * spec.seqLen()));
        int n = 1;
        for (RunSpec run : runs) {
            ModelSpec model = spec.models().get(run.model());
            String status =
                    RunRecord.read(work.run(run.id()))
                            .map(
                                    r -> {
                                        List<String> diff = staleness(run, backend.name());
                                        return diff.isEmpty()
                                                ? r.status().name()
                                                : "stale (" + String.join("; ", diff) + ")";
                                    })
                            .orElse("not started");
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%n%d. %s  (recipe %s, model %s: d_model %d, %d layers, %s parameters; seed %d)  [%s]%n",
                            n++,
                            run.id(),
                            run.recipe(),
                            model.name(),
                            model.dModel(),
                            model.nLayers(),
                            approximately(model.parameters(vocab)),
                            run.seed(),
                            status));
            for (int i = 0; i < run.phases().size(); i++) {
                PhaseSpec phase = run.phases().get(i);
                PhaseJob job = job(run, i);
                MixtureSpec mixture = spec.mixture(phase.mixture()).orElseThrow();
                String start =
                        phase.initFrom() != null
                                ? "init_from " + phase.initFrom()
                                : i == 0
                                        ? "from scratch"
                                        : "continues " + run.phases().get(i - 1).name();
                DataOrder.RowRange rows = dataOrder.range(run.id(), phase.name());
                out.append(
                        String.format(
                                Locale.ROOT,
                                "   %-10s mixture %-22s %8s tokens  rows %-15s %,9d steps  %s  %s%n",
                                phase.name(),
                                phase.mixture()
                                        + " (code "
                                        + Math.round(spec.codeShare(mixture) * 100)
                                        + "%)",
                                TokenCounts.format(phase.tokens()),
                                rows.describe() + (phase.newEpoch() ? " (new_epoch)" : ""),
                                job.steps(),
                                schedule(phase),
                                start));
            }
            out.append(
                    String.format(
                            Locale.ROOT,
                            "   ≈ %.3g training FLOPs%n",
                            TrainingFlops.perToken(model, vocab, spec.seqLen())
                                    * run.totalTokens()));
        }
        return out.toString();
    }

    private static String approximately(long count) {
        if (count >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2fB", count / 1e9);
        if (count >= 1_000_000L) return String.format(Locale.ROOT, "%.1fM", count / 1e6);
        return String.format(Locale.ROOT, "%.1fk", count / 1e3);
    }

    private static String schedule(PhaseSpec phase) {
        var lr = phase.lr();
        String shape =
                lr.kind().equals("constant")
                        ? String.format(Locale.ROOT, "constant %.1e", lr.peak())
                        : String.format(
                                Locale.ROOT, "%s %.1e→%.1e", lr.kind(), lr.peak(), lr.min());
        return lr.warmupSteps() > 0 ? shape + " warmup " + lr.warmupSteps() : shape;
    }

    /** What {@link #train} did with each run. */
    public record Summary(List<String> trained, List<String> skipped) {}

    /**
     * Trains {@code runs} in order on {@code backend}; restarts the runs in {@code restart} from
     * scratch.
     */
    public Summary train(
            List<RunSpec> runs, TrainingBackend backend, Set<String> restart, PrintStream out) {
        List<String> trained = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String id : restart) {
            if (runs.stream().noneMatch(r -> r.id().equals(id))) {
                throw new LaunchException(
                        "--restart "
                                + id
                                + ": not among the selected runs ("
                                + runs.stream().map(RunSpec::id).toList()
                                + ")");
            }
        }
        requireCurrent(
                runs.stream().filter(r -> !restart.contains(r.id())).toList(),
                backend.name(),
                "nothing was trained (a completed run would be skipped and an unfinished one resumed under the new settings)");
        for (RunSpec run : runs) {
            RunRecord.read(work.run(run.id()))
                    .filter(r -> r.setup().config() == null && !restart.contains(run.id()))
                    .ifPresent(
                            r ->
                                    out.println(
                                            run.id()
                                                    + ": note: recorded by mixlab "
                                                    + r.setup().softwareVersion()
                                                    + ", before run identities; its recorded settings match the spec"));
        }
        for (RunSpec run : runs) {
            for (int i = 0; i < run.phases().size(); i++) {
                PhaseJob job = job(run, i); // every path is inside
                try {
                    backend.check(job);
                } catch (IllegalArgumentException e) {
                    throw new LaunchException(
                            e.getMessage() + " (training.command in " + spec.file() + ")");
                }
            }
        }
        for (RunSpec run : runs) {
            Path runDir = work.run(run.id());
            try (OutputLock lock = store.lock(runDir, "mixlab train")) {
                if (restart.contains(run.id())) deleteRun(runDir, out);
                if (trainUnlessCompleted(run, runDir, backend, out)) trained.add(run.id());
                else skipped.add(run.id());
            }
        }
        return new Summary(trained, skipped);
    }

    /** Trains {@code run} unless it completed earlier; returns whether it was trained. */
    private boolean trainUnlessCompleted(
            RunSpec run, Path runDir, TrainingBackend backend, PrintStream out) {
        RunRecord existing = RunRecord.read(runDir).orElse(null);
        if (existing != null && existing.status() == Status.completed) {
            out.println(
                    run.id()
                            + ": completed earlier, skipped (--restart "
                            + run.id()
                            + " retrains it)");
            return false;
        }
        trainRun(run, existing, backend, out);
        return true;
    }

    private void trainRun(
            RunSpec run, RunRecord existing, TrainingBackend backend, PrintStream out) {
        Path runDir = work.run(run.id());
        requireInputs(run);
        RunRecord record = (existing != null ? existing : newRecord(run, backend)).start(now());
        record.write(runDir);
        TrainingLog log =
                new TrainingLog(runDir.resolve(TrainingLog.FILE_NAME), out, run.id() + ": ");
        log.line(
                (existing != null ? "resuming" : "starting")
                        + " run on backend "
                        + backend.name()
                        + " (mixlab "
                        + MixlabVersion.get()
                        + ")");
        for (int i = 0; i < run.phases().size(); i++) {
            PhaseJob job = job(run, i);
            RunRecord.Phase phase = record.phase(job.phase()).orElseThrow();
            if (phase.status() == Status.completed) continue;
            String sha = ManifestHash.of(job.mixtureDir());
            if (phase.mixtureManifestSha256() != null
                    && !phase.mixtureManifestSha256().equals(sha)) {
                record.fail(now(), "mixture manifest changed").write(runDir);
                throw new LaunchException(
                        "run "
                                + run.id()
                                + " phase '"
                                + job.phase()
                                + "' started on mixture '"
                                + phase.mixture()
                                + "' with manifest sha256 "
                                + phase.mixtureManifestSha256()
                                + ", but the mixture's manifest.json is now "
                                + sha
                                + " (it was rebuilt); resuming would train one phase on two different datasets. Rebuild the original mixture, or "
                                + "retrain with `mixlab train "
                                + spec.file()
                                + " --restart "
                                + run.id()
                                + "`");
            }
            phase = phase.start(sha, now());
            record = record.withPhase(phase);
            record.write(runDir);
            PhaseResult result;
            try {
                result = backend.train(job, log);
            } catch (RuntimeException e) {
                log.line("phase " + job.phase() + " failed: " + e.getMessage());
                record.withPhase(phase.fail()).fail(now(), e.getMessage()).write(runDir);
                throw e;
            }
            String checkpoint =
                    runDir.relativize(job.checkpointDir().resolve(Checkpoint.FINAL)).toString();
            record = record.withPhase(phase.complete(now(), checkpoint, result));
            record.write(runDir);
        }
        record.complete(now()).write(runDir);
        log.line("run completed");
    }

    /**
     * Refuses a run whose inputs are missing: a checkpoint it starts from that has not completed,
     * or a mixture that is not built.
     */
    private void requireInputs(RunSpec run) {
        for (PhaseSpec phase : run.phases()) {
            if (phase.initFrom() != null) {
                RunRecord dependency =
                        RunRecord.read(work.run(phase.initFrom().run())).orElse(null);
                boolean done =
                        dependency != null
                                && dependency
                                        .phase(phase.initFrom().phase())
                                        .map(p -> p.status() == Status.completed)
                                        .orElse(false);
                if (!done) {
                    throw new LaunchException(
                            "run "
                                    + run.id()
                                    + " starts from "
                                    + phase.initFrom()
                                    + ", which has not completed; train "
                                    + phase.initFrom().run()
                                    + " first (it is selected automatically unless it failed)");
                }
            }
            if (Files.isRegularFile(
                    work.mixture(phase.mixture()).resolve(MixtureManifest.FILE_NAME))) {
                requireRows(run, phase);
            } else {
                throw new LaunchException(
                        "run "
                                + run.id()
                                + " phase '"
                                + phase.name()
                                + "' trains on mixture '"
                                + phase.mixture()
                                + "', which is not built in "
                                + work.root()
                                + "; run `mixlab build "
                                + spec.file()
                                + " --only "
                                + phase.mixture()
                                + "` first");
            }
        }
    }

    /**
     * Refuses a phase whose mixture has fewer rows left after its lineage's reads than it needs,
     * unless it may start a new pass ({@code new_epoch}).
     */
    private void requireRows(RunSpec run, PhaseSpec phase) {
        DataOrder.RowRange rows = dataOrder.range(run.id(), phase.name());
        long total = builtRows(phase.mixture());
        if (phase.newEpoch() || rows.end() <= total) return;
        throw new LaunchException(
                "run "
                        + run.id()
                        + " phase '"
                        + phase.name()
                        + "' needs "
                        + rows.rows()
                        + " rows of mixture '"
                        + phase.mixture()
                        + "' from row "
                        + rows.start()
                        + (rows.readBefore().isEmpty()
                                ? ""
                                : " (its lineage read "
                                        + String.join(", ", rows.readBefore())
                                        + ")")
                        + ", but the mixture has "
                        + total
                        + " rows: "
                        + Math.max(0, total - rows.start())
                        + " left. Rebuild the mixture with a budget of at least "
                        + rows.end() * spec.seqLen()
                        + " tokens (`mixlab mix "
                        + spec.file()
                        + " --only "
                        + phase.mixture()
                        + " --force`), or set new_epoch: true on the phase to read the mixture again from row 0");
    }

    private RunRecord newRecord(RunSpec run, TrainingBackend backend) {
        RunIdentity identity = identity(run, backend.name()).hashed();
        List<RunRecord.PhasePlan> phases = new ArrayList<>();
        for (int i = 0; i < run.phases().size(); i++) {
            PhaseSpec p = run.phases().get(i);
            phases.add(
                    new RunRecord.PhasePlan(
                            p.name(),
                            p.mixture(),
                            p.tokens(),
                            job(run, i).steps(),
                            p.lr(),
                            p.initFrom() == null ? null : p.initFrom().toString(),
                            job(run, i).startRow(),
                            job(run, i).rows()));
        }
        RunRecord.Setup setup =
                new RunRecord.Setup(
                        run.id(),
                        spec.name(),
                        run.recipe(),
                        spec.models().get(run.model()),
                        run.seed(),
                        spec.tokenizer().describe(),
                        vocab,
                        spec.seqLen(),
                        spec.training().batchSize(),
                        spec.training().weightDecay(),
                        spec.training().gradClip(),
                        backend.name(),
                        host(),
                        MixlabVersion.get(),
                        identity.sha256(),
                        identity.config());
        return RunRecord.planned(setup, phases);
    }

    private void deleteRun(Path runDir, PrintStream out) {
        if (!Files.exists(runDir)) return;
        store.delete(runDir);
        out.println(runDir.getFileName() + ": deleted for --restart");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
