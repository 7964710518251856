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
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.launcher.run.RunRecord.Status;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.spec.AblationSpec;
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

    public Launcher(AblationSpec spec, WorkDir work) {
        this.spec = spec;
        this.work = work;
        this.store = work.store();
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
                spec.training().logEvery());
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
                            .map(r -> r.status().name())
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
                out.append(
                        String.format(
                                Locale.ROOT,
                                "   %-10s mixture %-22s %8s tokens  %,9d steps  %s  %s%n",
                                phase.name(),
                                phase.mixture()
                                        + " (code "
                                        + Math.round(spec.codeShare(mixture) * 100)
                                        + "%)",
                                TokenCounts.format(phase.tokens()),
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
            noteRebuiltMixtures(existing, out);
            return false;
        }
        trainRun(run, existing, backend, out);
        return true;
    }

    /** Says which phases of a completed run trained on a mixture that has been rebuilt since. */
    private void noteRebuiltMixtures(RunRecord completed, PrintStream out) {
        for (RunRecord.Phase phase : completed.phases()) {
            Path mixture = work.mixture(phase.mixture());
            if (Files.isRegularFile(mixture.resolve(MixtureManifest.FILE_NAME))
                    && !ManifestHash.of(mixture).equals(phase.mixtureManifestSha256())) {
                out.println(
                        completed.id()
                                + ": note: phase '"
                                + phase.name()
                                + "' was trained on an earlier build of mixture '"
                                + phase.mixture()
                                + "' (manifest sha256 "
                                + phase.mixtureManifestSha256()
                                + "); --restart "
                                + completed.id()
                                + " trains it on the current one");
            }
        }
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
            if (!Files.isRegularFile(
                    work.mixture(phase.mixture()).resolve(MixtureManifest.FILE_NAME))) {
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

    private RunRecord newRecord(RunSpec run, TrainingBackend backend) {
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
                            p.initFrom() == null ? null : p.initFrom().toString()));
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
                        MixlabVersion.get());
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
