package dev.mixlab.cli;

import dev.mixlab.filters.Document;
import dev.mixlab.io.FileTrees;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
                        + "(forced rebuild) on the chosen runner, in MB/s per core of input text, and the process's peak RSS.",
                "Target: full curation at least "
                        + Curate.TARGET_RATIO
                        + "x the tokenizer-alone throughput per core.",
                "All sources are curated in one job, as 'mixlab curate' does; --per-source also times each source in a job of its own.",
                "Without --workdir the pools go to a temporary directory that is deleted afterwards."
            })
    static final class Curate implements Callable<Integer> {
        static final double TARGET_RATIO = 0.6;

        @Parameters(
                paramLabel = "FILE.yaml",
                description = "The ablation spec whose sources are measured.")
        Path file;

        @Mixin RunnerOptions runner;

        @Mixin WorkDirOption workDir;

        @Option(
                names = "--per-source",
                description =
                        "Also curate each source in a job of its own, for a per-source ratio.")
        boolean perSource;

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
                double curateCpuSeconds) {
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
                        timing.cpuSeconds());
            }
        }

        @Override
        public Integer call() throws IOException {
            RunnerChoice choice = runner.choice();
            AblationSpec spec = SpecLoader.load(file);
            Path temporary =
                    workDir.workdir == null ? Files.createTempDirectory("mixlab-bench") : null;
            WorkDir dir = temporary != null ? new WorkDir(temporary) : workDir.resolve(spec);
            PrintWriter out = command.commandLine().getOut();
            try {
                out.println(Machine.describe());
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
                boolean peakReset = Machine.resetPeakRss();
                Curator curator =
                        new Curator(spec, dir, choice, ReadLimits.DEFAULT, Terminal.err());
                Timing allSources = timeCuration(curator, List.of());
                List<SourceResult> results = new ArrayList<>();
                for (SourceResult result : tokenized) {
                    Timing alone =
                            perSource
                                    ? timeCuration(curator, List.of(result.source()))
                                    : Timing.NOT_MEASURED;
                    results.add(result.curatedIn(alone));
                }
                out.print(table(results, allSources, choice.effectiveParallelism()));
                out.printf(
                        "peak RSS: %s (%s)%n",
                        Machine.peakRss(),
                        peakReset
                                ? "curation only: reset after the tokenizer runs"
                                : "whole process: this kernel cannot reset the peak");
                out.flush();
            } finally {
                if (temporary != null) deleteTree(temporary);
            }
            return ExitCodes.OK;
        }

        /** Wall and process CPU seconds of one curation job (forced rebuild). */
        record Timing(double seconds, double cpuSeconds) {
            static final Timing NOT_MEASURED = new Timing(Double.NaN, Double.NaN);
        }

        private static Timing timeCuration(Curator curator, List<String> sources) {
            long started = System.nanoTime();
            long cpuStarted = Machine.processCpuNanos();
            curator.curate(sources, true);
            return new Timing(
                    (System.nanoTime() - started) / 1e9,
                    (Machine.processCpuNanos() - cpuStarted) / 1e9);
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
                    0);
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
            SourceResult total = new SourceResult("total", "", 0, 0, 0, 0, 0, 0, 0, 0);
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
                                0);
            }
            table.append(line(row, total.curatedIn(allSources), parallelism));
            table.append(
                    String.format(
                            "tok MB/s: tokenizer alone, one thread. cur MB/s/c: input MB / curation seconds / %d workers."
                                    + " ratio: cur/tok, target >= %.1f. The cpu columns divide by CPU seconds instead"
                                    + " (tokenizer thread; whole process during curation). The total row's curation is one job for all sources.%n",
                            parallelism, TARGET_RATIO));
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
                    verdict(curationRate / tokenizerRate),
                    String.format("%.2f", tokenizerCpuRate),
                    verdict(curationCpuRate / tokenizerCpuRate));
        }

        private static String measured(String format, double value) {
            return Double.isNaN(value) ? "-" : String.format(format, value);
        }

        /** The ratio, marked with ! when it misses the target; "-" when not measured. */
        private static String verdict(double ratio) {
            if (Double.isNaN(ratio)) return "-";
            return String.format("%.2f%s", ratio, ratio >= TARGET_RATIO ? "" : " !");
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

    /** What the numbers were measured on, and the process's peak resident memory (Linux /proc). */
    static final class Machine {
        private static final Path STATUS = Path.of("/proc/self/status");
        private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
        private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

        private Machine() {}

        static String describe() {
            String cpu = "unknown CPU";
            try (Stream<String> lines = Files.lines(CPU_INFO)) {
                cpu =
                        lines.filter(l -> l.startsWith("model name"))
                                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                                .findFirst()
                                .orElse(cpu);
            } catch (IOException | UncheckedIOException e) {
                // Not Linux: the core count and JVM below still identify the run.
            }
            return String.format(
                    "machine: %s, %d cores available to the JVM; Java %s, max heap %d MB",
                    cpu,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20);
        }

        /** CPU time of every thread of this JVM, embedded Flink's workers included. */
        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** Writing 5 to clear_refs resets VmHWM (Linux 4.0+); false where that is not allowed. */
        static boolean resetPeakRss() {
            try {
                Files.writeString(CLEAR_REFS, "5");
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }

        static String peakRss() {
            try (Stream<String> lines = Files.lines(STATUS)) {
                return lines.filter(l -> l.startsWith("VmHWM:"))
                        .map(
                                l -> {
                                    long kilobytes =
                                            Long.parseLong(
                                                    l.substring("VmHWM:".length())
                                                            .replace("kB", "")
                                                            .strip());
                                    return String.format("%,d MB", kilobytes >> 10);
                                })
                        .findFirst()
                        .orElse("not reported by " + STATUS);
            } catch (IOException | UncheckedIOException e) {
                return "unknown (no " + STATUS + ")";
            }
        }
    }
}
