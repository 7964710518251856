package dev.mixlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The measuring shared by the {@code bench} commands: what the numbers were measured on, wall and
 * process CPU seconds of a piece of work, and the process's peak resident memory (Linux /proc).
 */
final class BenchMachine {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    // USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Java runs on.
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private BenchMachine() {}

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

    /**
     * What {@code work} returned, with the wall and process CPU seconds it took.
     *
     * @param cpuSeconds CPU time of every thread of this JVM, embedded Flink's workers included
     */
    record Measured<T>(T result, double seconds, double cpuSeconds) {}

    static <T> Measured<T> measure(Supplier<T> work) {
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        T result = work.get();
        return new Measured<>(
                result,
                (System.nanoTime() - started) / 1e9,
                (processCpuNanos() - cpuStarted) / 1e9);
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

    /**
     * Seconds the JIT compilers have spent so far (the JVM's total compilation time: elapsed time
     * per compile, which is CPU time on a machine that is not oversubscribed).
     */
    static double jitSeconds() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime() / 1e3
                : Double.NaN;
    }

    /**
     * CPU seconds of the garbage collector's threads so far (G1's {@code GC Thread#n}, {@code G1
     * ...}), read from /proc/self/task; NaN where there is no such directory.
     */
    static double gcThreadSeconds() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) return Double.NaN;
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended while we listed them
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (!name.startsWith("GC Thread") && !name.startsWith("G1 ")) continue;
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            }
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
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
