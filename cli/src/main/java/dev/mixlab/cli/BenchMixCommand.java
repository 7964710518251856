package dev.mixlab.cli;

import dev.mixlab.io.FileTrees;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.mix.MixStages;
import dev.mixlab.pipelines.mix.Mixer;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mixlab bench mix}: the throughput of {@code mixlab mix} in MB of tokens per CPU second,
 * marginal between the spec's budgets and {@code --scale} times them, with the CPU time of each
 * stage of the mixing job ({@link MixStages}) and the peak RSS of each pass.
 */
@Command(
        name = "mix",
        mixinStandardHelpOptions = true,
        description = {
            "Measure 'mixlab mix' on the pools of FILE.yaml: a warm-up pass, then every mixture at its budget (1x) and at "
                    + "--scale times it, each a forced rebuild in one job on the chosen runner.",
            "Reports per pass the rows, MB of tokens (rows x seq_len x 4 bytes), wall and process CPU seconds and peak RSS; "
                    + "per stage (pack, write, and the rest of the process) the CPU seconds per MB; and the "
                    + "marginal throughput between the passes, which leaves out the fixed cost of a job.",
            "Target: marginal throughput at least "
                    + BenchMixCommand.TARGET_MB_PER_CPU_SECOND
                    + " MB of tokens per CPU second.",
            "Pools come from the work directory (curated first where missing, as 'mixlab curate' would); the benchmark's "
                    + "mixtures go to a temporary directory beside them and are deleted afterwards. Scaled mixtures may "
                    + "repeat their pools as often as their budget needs."
        })
final class BenchMixCommand implements Callable<Integer> {
    static final int TARGET_MB_PER_CPU_SECOND = 60;

    @Parameters(
            paramLabel = "FILE.yaml",
            description = "The ablation spec whose mixtures are measured.")
    Path file;

    @Mixin RunnerOptions runner;

    @Mixin WorkDirOption workDir;

    @Mixin MixtureSelection selection;

    @Option(
            names = "--scale",
            paramLabel = "K",
            defaultValue = "10",
            description = "The larger pass's budgets, as a multiple of the spec's (default: 10).")
    int scale;

    @Spec CommandLine.Model.CommandSpec command;

    /**
     * One timed pass: what it wrote and what it cost.
     *
     * @param tokenBytes int32 token bytes of every train and validation row written
     * @param peakRss VmHWM after the pass (reset before it where the kernel allows)
     */
    record Pass(
            String label,
            long rows,
            long tokenBytes,
            double seconds,
            double cpuSeconds,
            String peakRss,
            MixStages stages) {
        double megabytes() {
            return tokenBytes / 1e6;
        }

        /** Process CPU time that no stage timer covers: job start, GC, JIT. */
        double otherCpuSeconds() {
            double staged = 0;
            for (String stage : MixStages.STAGES) staged += stages.cpuNanos(stage) / 1e9;
            return cpuSeconds - staged;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (scale < 2)
            throw new CommandLine.ParameterException(
                    command.commandLine(), "--scale must be at least 2, found " + scale);
        RunnerChoice choice = runner.choice();
        AblationSpec spec = SpecLoader.load(file);
        if (spec.mixtures().isEmpty())
            throw new UsageException(file + ": the spec declares no mixtures to measure");
        List<String> mixtures = MixtureSelection.names(selection.selected(spec, file));
        Path temporary = workDir.workdir == null ? Files.createTempDirectory("mixlab-bench") : null;
        WorkDir dir = temporary != null ? new WorkDir(temporary) : workDir.resolve(spec);
        if (dir.root().getFileSystem() != FileSystems.getDefault()) {
            throw new UsageException(
                    "bench mix links the benchmark's mixtures to the pools on a local file system; "
                            + dir.root()
                            + " is not one: pass --workdir with a local directory");
        }
        PrintWriter out = command.commandLine().getOut();
        Path benchRoot = null;
        try {
            out.println(BenchMachine.describe());
            out.printf("runner: %s; pools: %s%n", choice.describe(), dir.pools());
            out.flush();
            new Curator(spec, dir, choice, ReadLimits.DEFAULT, Terminal.err())
                    .curate(List.of(), false);
            benchRoot = Files.createTempDirectory(dir.root(), ".bench-mix-");
            Files.createSymbolicLink(benchRoot.resolve("pools"), dir.pools());
            WorkDir benchDir = new WorkDir(benchRoot);
            timed(spec, benchDir, choice, mixtures, "warm-up");
            out.println("warm-up pass done");
            out.flush();
            Pass base = timed(spec, benchDir, choice, mixtures, "1x");
            Pass scaled = timed(scaled(spec, scale), benchDir, choice, mixtures, scale + "x");
            out.print(report(base, scaled));
            out.flush();
        } finally {
            if (benchRoot != null) FileTrees.delete(benchRoot);
            if (temporary != null) FileTrees.delete(temporary);
        }
        return ExitCodes.OK;
    }

    /** {@code spec} with every mixture's budget times {@code scale}, repetition as needed. */
    static AblationSpec scaled(AblationSpec spec, int scale) {
        List<MixtureSpec> mixtures = new ArrayList<>();
        for (MixtureSpec m : spec.mixtures()) {
            Map<String, Double> anyRepetition = new LinkedHashMap<>();
            m.weights().keySet().forEach(source -> anyRepetition.put(source, 1e9));
            mixtures.add(
                    new MixtureSpec(
                            m.name(),
                            m.origin(),
                            m.sweepValue(),
                            m.weights(),
                            Math.multiplyExact(m.budgetTokens(), scale),
                            anyRepetition,
                            m.seed()));
        }
        return spec.withMixtures(mixtures);
    }

    private static Pass timed(
            AblationSpec spec,
            WorkDir dir,
            RunnerChoice choice,
            List<String> mixtures,
            String label) {
        BenchMachine.resetPeakRss();
        Mixer mixer = MixCommand.mixer(spec, dir, choice);
        BenchMachine.Measured<List<Mixer.MixResult>> mixing =
                BenchMachine.measure(() -> mixer.mix(mixtures, true));
        long rows = 0;
        for (Mixer.MixResult result : mixing.result()) {
            MixtureManifest manifest = result.manifest();
            rows += manifest.train().rows() + manifest.validation().rows();
        }
        return new Pass(
                label,
                rows,
                rows * spec.seqLen() * Integer.BYTES,
                mixing.seconds(),
                mixing.cpuSeconds(),
                BenchMachine.peakRss(),
                mixer.stages());
    }

    /**
     * The passes, the stages' CPU seconds per MB and the marginal throughput against the target.
     */
    static String report(Pass base, Pass scaled) {
        StringBuilder report = new StringBuilder();
        String passRow = "%-6s %10s %10s %8s %8s %10s %14s%n";
        report.append(
                String.format(
                        passRow,
                        "pass",
                        "rows",
                        "token MB",
                        "wall s",
                        "cpu s",
                        "MB/cpu-s",
                        "peak RSS"));
        for (Pass pass : List.of(base, scaled)) {
            report.append(
                    String.format(
                            Locale.ROOT,
                            passRow,
                            pass.label(),
                            String.format("%,d", pass.rows()),
                            String.format(Locale.ROOT, "%.1f", pass.megabytes()),
                            String.format(Locale.ROOT, "%.1f", pass.seconds()),
                            String.format(Locale.ROOT, "%.1f", pass.cpuSeconds()),
                            String.format(
                                    Locale.ROOT, "%.1f", pass.megabytes() / pass.cpuSeconds()),
                            pass.peakRss()));
        }
        double megabytes = scaled.megabytes() - base.megabytes();
        String stageRow = "%-9s %10s %10s %16s%n";
        report.append(
                String.format(
                        stageRow,
                        "stage",
                        base.label() + " cpu s",
                        scaled.label() + " cpu s",
                        "marginal cpu-s/MB"));
        for (String stage : MixStages.STAGES) {
            double low = base.stages().cpuNanos(stage) / 1e9;
            double high = scaled.stages().cpuNanos(stage) / 1e9;
            report.append(stageLine(stageRow, stage, low, high, megabytes));
        }
        report.append(
                stageLine(
                        stageRow,
                        "other",
                        base.otherCpuSeconds(),
                        scaled.otherCpuSeconds(),
                        megabytes));
        report.append(
                stageLine(stageRow, "total", base.cpuSeconds(), scaled.cpuSeconds(), megabytes));
        double extraCpu = scaled.cpuSeconds() - base.cpuSeconds();
        if (extraCpu <= 0) {
            report.append(
                    String.format(
                            "marginal throughput (%s - %s): not measurable, the larger pass took no more CPU"
                                    + " (budgets too small for this machine's noise)%n",
                            scaled.label(), base.label()));
        } else {
            double marginal = megabytes / extraCpu;
            report.append(
                    String.format(
                            Locale.ROOT,
                            "marginal throughput (%s - %s): %.1f MB of tokens per CPU second (target >= %d: %s)%n",
                            scaled.label(),
                            base.label(),
                            marginal,
                            TARGET_MB_PER_CPU_SECOND,
                            marginal >= TARGET_MB_PER_CPU_SECOND ? "met" : "missed"));
        }
        report.append(
                "pack: pool reads, packing, merging in schedule order; write: Parquet, compression, SHA-256; "
                        + "other: job start, the runner, GC, JIT.\n");
        return report.toString();
    }

    private static String stageLine(
            String row, String stage, double low, double high, double megabytes) {
        return String.format(
                row,
                stage,
                String.format(Locale.ROOT, "%.2f", low),
                String.format(Locale.ROOT, "%.2f", high),
                String.format(Locale.ROOT, "%.4f", (high - low) / megabytes));
    }
}
