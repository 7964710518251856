package dev.mixlab.cli;

import dev.mixlab.filters.Document;
import dev.mixlab.io.FileTrees;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.curate.Ledger;
import dev.mixlab.pipelines.curate.StageClock;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Curate.class, BenchMixCommand.class},
        description =
                "Measure throughput on real corpora (not a test: numbers depend on the machine).")
final class BenchCommand implements Runnable {
    @Spec CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                command.commandLine(), "name a benchmark: 'mixlab bench curate FILE.yaml'");
    }

    @Command(
            name = "curate",
            mixinStandardHelpOptions = true,
            description = {
                "Measure, per source of FILE.yaml: the tokenizer alone on one thread, then the full curation "
                        + "(forced rebuild) on the chosen runner, in MB/s per core of input text and per CPU second, "
                        + "CPU seconds per MB of every stage, and the process's peak RSS.",
                "Targets, per CPU second against the tokenizer alone: text and markup "
                        + Curate.TEXT_TARGET
                        + "x, code "
                        + Curate.CODE_TARGET
                        + "x.",
                "First all sources are curated in one job, as 'mixlab curate' does in a fresh JVM (cold: it pays class "
                        + "loading and the JIT); then, in the warmed-up JVM, each source in a job of its own, with per-stage timers.",
                "Without --workdir the pools go to a temporary directory that is deleted afterwards."
            })
    static final class Curate implements Callable<Integer> {
        static final double TEXT_TARGET = 0.35;
        static final double CODE_TARGET = 0.5;

        /**
         * The ratio a source of {@code kind} must reach (issue 19): code 0.5, prose and markup
         * 0.35.
         */
        static double target(String kind) {
            return Document.KIND_CODE.equals(kind) ? CODE_TARGET : TEXT_TARGET;
        }

        @Parameters(
                paramLabel = "FILE.yaml",
                description = "The ablation spec whose sources are measured.")
        Path file;

        @Mixin RunnerOptions runner;

        @Mixin WorkDirOption workDir;

        // Every source is now timed alone after the all-sources job; the option stays accepted so
        // that the commands recorded in docs/BENCHMARKS.md still run.
        @Option(names = "--per-source", hidden = true)
        boolean perSource;

        @Option(
                names = "--passes",
                paramLabel = "N",
                defaultValue = "1",
                description =
                        "Times each source is curated alone in the warm JVM; the last pass is"
                                + " reported (default: ${DEFAULT-VALUE}). More passes let the JIT"
                                + " settle: its time is the 'jit' row of the stage table.")
        int passes;

        @Spec CommandLine.Model.CommandSpec command;

        /**
         * One source's measurements; bytes are the UTF-8 text of every document read. CPU seconds
         * are kept beside wall seconds because on a shared machine the wall clock also measures the
         * neighbours.
         */
        record SourceResult(
                String source,
                String kind,
                long documents,
                long bytes,
                long tokens,
                double readSeconds,
                double tokenizeSeconds,
                double tokenizeCpuSeconds,
                double curateSeconds,
                double curateCpuSeconds,
                Map<String, Double> stageCpuSeconds) {
            SourceResult curatedIn(Timing timing) {
                return new SourceResult(
                        source,
                        kind,
                        documents,
                        bytes,
                        tokens,
                        readSeconds,
                        tokenizeSeconds,
                        tokenizeCpuSeconds,
                        timing.seconds(),
                        timing.cpuSeconds(),
                        timing.stageCpuSeconds());
            }
        }

        @Override
        public Integer call() throws IOException {
            if (passes < 1)
                throw new CommandLine.ParameterException(
                        command.commandLine(), "--passes must be at least 1, got " + passes);
            RunnerChoice choice = runner.choice();
            AblationSpec spec = SpecLoader.load(file);
            Path temporary =
                    workDir.workdir == null ? Files.createTempDirectory("mixlab-bench") : null;
            WorkDir dir = temporary != null ? new WorkDir(temporary) : workDir.resolve(spec);
            PrintWriter out = command.commandLine().getOut();
            try {
                out.println(BenchMachine.describe());
                out.printf("runner: %s; work directory: %s%n", choice.describe(), dir.root());
                out.flush();
                List<SourceResult> tokenized = new ArrayList<>();
                for (SourceSpec source : spec.sources()) {
                    tokenized.add(tokenizeAlone(spec, source));
                    out.printf(
                            "%s: tokenizer alone done (%,d documents)%n",
                            source.name(), tokenized.get(tokenized.size() - 1).documents());
                    out.flush();
                }
                boolean peakReset = BenchMachine.resetPeakRss();
                Curator curator =
                        new Curator(spec, dir, choice, ReadLimits.DEFAULT, Terminal.err());
                Timing allSources = timeCuration(curator, List.of());
                out.printf(
                        "all sources in one job (cold): %.1f s, %.1f CPU s%n",
                        allSources.seconds(), allSources.cpuSeconds());
                out.flush();
                List<SourceResult> results = new ArrayList<>();
                for (SourceResult result : tokenized) {
                    Timing last = null;
                    for (int pass = 0; pass < passes; pass++)
                        last = timeCuration(curator, List.of(result.source()));
                    results.add(result.curatedIn(last));
                    out.printf("%s: curated alone%n", result.source());
                    out.flush();
                }
                out.print(table(results, allSources, choice.effectiveParallelism()));
                out.print(stageTable(results));
                out.printf(
                        "peak RSS: %s (%s)%n",
                        BenchMachine.peakRss(),
                        peakReset
                                ? "curation only: reset after the tokenizer runs"
                                : "whole process: this kernel cannot reset the peak");
                out.flush();
            } finally {
                if (temporary != null) deleteTree(temporary);
            }
            return ExitCodes.OK;
        }

        /**
         * Wall and process CPU seconds of one curation job (forced rebuild), and the CPU seconds of
         * each stage from {@link StageClock}.
         */
        record Timing(double seconds, double cpuSeconds, Map<String, Double> stageCpuSeconds) {
            static final Timing NOT_MEASURED = new Timing(Double.NaN, Double.NaN, Map.of());

            Timing(double seconds, double cpuSeconds) {
                this(seconds, cpuSeconds, Map.of());
            }
        }

        private static Timing timeCuration(Curator curator, List<String> sources) {
            double jitBefore = BenchMachine.jitSeconds();
            double gcBefore = BenchMachine.gcThreadSeconds();
            StageClock.start();
            BenchMachine.Measured<?> curation;
            Map<String, Double> stages;
            try {
                curation = BenchMachine.measure(() -> curator.curate(sources, true));
            } finally {
                stages = new LinkedHashMap<>(StageClock.stop());
            }
            // Outside every stage, and not the pipeline's work: at this scale the JIT is still
            // compiling (and recompiling) the hot paths during a second job of the same code.
            double jit = BenchMachine.jitSeconds() - jitBefore;
            double gc = BenchMachine.gcThreadSeconds() - gcBefore;
            if (!Double.isNaN(jit)) stages.put(JIT, jit);
            if (!Double.isNaN(gc)) stages.put(GC, gc);
            return new Timing(curation.seconds(), curation.cpuSeconds(), stages);
        }

        /**
         * Reads every document of the source, then tokenizes it on this thread; only the encode
         * calls are timed as tokenizing.
         */
        private static SourceResult tokenizeAlone(AblationSpec spec, SourceSpec source) {
            TokenizerFactory factory = spec.tokenizer().factory();
            long[] counts = new long[5]; // documents, bytes, tokens, encode nanoseconds, encode CPU
            // nanoseconds
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long started = System.nanoTime();
            try (Tokenizer tokenizer = factory.open()) {
                for (ReadTask task : CorpusReader.plan(source, ReadLimits.DEFAULT)) {
                    CorpusReader.read(
                            task,
                            source.fields(),
                            ReadLimits.DEFAULT,
                            new ReadSink() {
                                @Override
                                public void document(Document document) {
                                    long before = System.nanoTime();
                                    long cpuBefore = threads.getCurrentThreadCpuTime();
                                    int tokens = tokenizer.encode(document.text()).length;
                                    counts[3] += System.nanoTime() - before;
                                    counts[4] += threads.getCurrentThreadCpuTime() - cpuBefore;
                                    counts[0]++;
                                    counts[1] +=
                                            document.text().getBytes(StandardCharsets.UTF_8).length;
                                    counts[2] += tokens;
                                }

                                @Override
                                public void quarantine(Quarantined record) {}

                                @Override
                                public void skip(String location, String reason) {}
                            });
                }
            }
            double total = (System.nanoTime() - started) / 1e9;
            double tokenize = counts[3] / 1e9;
            return new SourceResult(
                    source.name(),
                    source.kind(),
                    counts[0],
                    counts[1],
                    counts[2],
                    total - tokenize,
                    tokenize,
                    counts[4] / 1e9,
                    0,
                    0,
                    Map.of());
        }

        /**
         * Per-source rows (curation columns only with --per-source), then the total with the
         * all-sources job.
         */
        static String table(List<SourceResult> results, Timing allSources, int parallelism) {
            StringBuilder table = new StringBuilder();
            String row = "%-8s %-7s %8s %8s %11s %9s %9s %9s %9s %10s %7s %10s %9s%n";
            table.append(
                    String.format(
                            row,
                            "source",
                            "kind",
                            "docs",
                            "input MB",
                            "tokens",
                            "read MB/s",
                            "tok MB/s",
                            "curate s",
                            "cur cpu s",
                            "cur MB/s/c",
                            "ratio",
                            "tok MB/cpu",
                            "cpu ratio"));
            SourceResult total = new SourceResult("total", "", 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
            for (SourceResult r : results) {
                table.append(line(row, r, parallelism));
                total =
                        new SourceResult(
                                "total",
                                "",
                                total.documents() + r.documents(),
                                total.bytes() + r.bytes(),
                                total.tokens() + r.tokens(),
                                total.readSeconds() + r.readSeconds(),
                                total.tokenizeSeconds() + r.tokenizeSeconds(),
                                total.tokenizeCpuSeconds() + r.tokenizeCpuSeconds(),
                                0,
                                0,
                                Map.of());
            }
            table.append(line(row, total.curatedIn(allSources), parallelism));
            table.append(
                    String.format(
                            "tok MB/s: tokenizer alone, one thread. cur MB/s/c: input MB / curation seconds / %d workers."
                                    + " ratio: cur/tok. The cpu columns divide by CPU seconds instead (tokenizer thread; whole"
                                    + " process during curation); target for the cpu ratio: code >= %.2f, text and markup >= %.2f"
                                    + " (! marks a miss). Source rows: each source alone in the warm JVM; the total row: all"
                                    + " sources in one cold job.%n",
                            parallelism, CODE_TARGET, TEXT_TARGET));
            return table.toString();
        }

        private static String line(String row, SourceResult r, int parallelism) {
            double megabytes = r.bytes() / 1e6;
            double tokenizerRate = megabytes / r.tokenizeSeconds();
            double curationRate = megabytes / r.curateSeconds() / parallelism;
            double tokenizerCpuRate = megabytes / r.tokenizeCpuSeconds();
            double curationCpuRate = megabytes / r.curateCpuSeconds();
            return String.format(
                    row,
                    r.source(),
                    r.kind(),
                    String.format("%,d", r.documents()),
                    String.format("%.1f", megabytes),
                    String.format("%,d", r.tokens()),
                    String.format("%.1f", megabytes / r.readSeconds()),
                    String.format("%.2f", tokenizerRate),
                    measured("%.1f", r.curateSeconds()),
                    measured("%.1f", r.curateCpuSeconds()),
                    measured("%.2f", curationRate),
                    measured("%.2f", curationRate / tokenizerRate),
                    String.format("%.2f", tokenizerCpuRate),
                    verdict(curationCpuRate / tokenizerCpuRate, r.kind()));
        }

        private static String measured(String format, double value) {
            return Double.isNaN(value) ? "-" : String.format(format, value);
        }

        /**
         * The ratio, marked with ! when it misses the target of {@code kind} (the total row, of no
         * kind, has none); "-" when not measured.
         */
        private static String verdict(double ratio, String kind) {
            if (Double.isNaN(ratio)) return "-";
            boolean missed = !kind.isEmpty() && ratio < target(kind);
            return String.format("%.2f%s", ratio, missed ? " !" : "");
        }

        /**
         * CPU seconds per input MB of every stage, one column per source (each timed alone): where
         * the time goes. "gc" is the garbage collector's threads, "jit" the compilers' time (both
         * measured by the benchmark itself), "other" the rest of the process's CPU outside every
         * stage: Flink's sorting, shuffles and coders, Beam's own steps, the client.
         */
        static String stageTable(List<SourceResult> results) {
            Set<String> stages =
                    new TreeSet<>(
                            Comparator.comparingInt(Curate::stageOrder)
                                    .thenComparing(Comparator.naturalOrder()));
            results.forEach(r -> stages.addAll(r.stageCpuSeconds().keySet()));
            StringBuilder table = new StringBuilder("CPU seconds per input MB, by stage:\n");
            String cell = " %10s";
            table.append(String.format("%-14s", "stage"));
            results.forEach(r -> table.append(String.format(cell, r.source())));
            table.append('\n');
            for (String stage : stages) {
                table.append(String.format("%-14s", stage));
                for (SourceResult r : results) {
                    Double seconds = r.stageCpuSeconds().get(stage);
                    table.append(
                            String.format(
                                    cell,
                                    seconds == null
                                            ? "-"
                                            : String.format("%.3f", seconds / (r.bytes() / 1e6))));
                }
                table.append('\n');
            }
            for (String row : List.of("other", "total", "tokenizer")) {
                table.append(String.format("%-14s", row));
                for (SourceResult r : results) {
                    double staged =
                            r.stageCpuSeconds().values().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum();
                    double seconds =
                            switch (row) {
                                case "other" -> r.curateCpuSeconds() - staged;
                                case "total" -> r.curateCpuSeconds();
                                default -> r.tokenizeCpuSeconds();
                            };
                    table.append(
                            String.format(
                                    cell, String.format("%.3f", seconds / (r.bytes() / 1e6))));
                }
                table.append('\n');
            }
            table.append(
                    "gc: the garbage collector's threads; jit: the JIT compilers' time; other: the rest\n"
                            + "outside the stages (Flink's sorts, network and coders, Beam, the client).\n"
                            + "tokenizer: the tokenizer alone on one thread, for comparison with the tokenize stage.\n");
            return table.toString();
        }

        /** The rows of time outside the pipeline's stages that the benchmark measures itself. */
        static final String JIT = "jit";

        static final String GC = "gc";

        /** Stages in data-flow order; names this benchmark does not know go last, by name. */
        private static int stageOrder(String stage) {
            for (Ledger.Stage known : Ledger.Stage.values()) {
                if (known.ledgerName().equals(stage)) return known.ordinal() * 10;
            }
            return switch (stage) {
                case StageClock.MINHASH -> Ledger.Stage.NEAR_DEDUP.ordinal() * 10 - 1;
                case StageClock.TOKENIZE -> 1000;
                case StageClock.WRITE_PARTS -> 1001;
                case GC -> 3000;
                case JIT -> 3001;
                default -> 2000;
            };
        }

        private static void deleteTree(Path dir) {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot delete the benchmark's temporary work directory " + dir, e);
            }
        }
    }
}
