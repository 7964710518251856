package dev.mixlab.mixtures.assembly;

import com.sun.management.OperatingSystemMXBean;
import dev.mixlab.io.FileTrees;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.mixtures.pool.SyntheticPool;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures mixture building on synthetic pools (Zipf token ids, log-normal document lengths): the
 * end-to-end build (packing + shards + manifest) and shard writing alone, in MB of int32 tokens per
 * CPU-second ("per core"), and the peak RSS of each build. Not a test; run it by hand:
 *
 * <pre>
 * mvn -q -pl mixtures -am test-compile
 * mvn -q -pl mixtures dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx1g -XX:+UseSerialGC -cp mixtures/target/test-classes:mixtures/target/classes:$(cat /tmp/cp.txt) \
 *      dev.mixlab.mixtures.assembly.MixtureWriteBenchmark [workdir]
 * </pre>
 *
 * <p>With {@code --shards SECONDS FILE...} it measures the shard writer alone on the rows of
 * existing shards (real token ids, e.g. of a {@code mixlab mix} run): each round rewrites every
 * file from rows held in memory to a null stream with the default shard options, and the median and
 * best round are printed (the best is the least disturbed by other processes on a shared machine).
 */
public final class MixtureWriteBenchmark {
    private static final int SEQ_LEN = 2048;
    private static final String SPEC =
            """
            name: benchmark
            tokenizer: cl100k_base
            seq_len: 2048
            sources:
              - {name: text, kind: text, inputs: text.jsonl}
              - {name: code, kind: code, inputs: code.jsonl}
            mixtures:
              - {name: budget-2M, weights: {text: 0.6, code: 0.4}, budget: 2M}
              - {name: budget-20M, weights: {text: 0.6, code: 0.4}, budget: 20M}
            """;

    private MixtureWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--shards")) {
            rewriteShards(
                    Double.parseDouble(args[1]),
                    Arrays.stream(args, 2, args.length).map(Path::of).toList());
            return;
        }
        Path work =
                args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mixlab-benchmark");
        AblationSpec ablation = SpecLoader.parse(work.resolve("benchmark.yaml"), SPEC);
        long start = System.nanoTime();
        Map<String, Pool> pools =
                Map.of(
                        "text",
                                SyntheticPool.write(
                                                work.resolve("pools"),
                                                "text",
                                                "text",
                                                14_500,
                                                0.01,
                                                1,
                                                PoolWriter.Options.DEFAULTS)
                                        .pool(),
                        "code",
                                SyntheticPool.write(
                                                work.resolve("pools"),
                                                "code",
                                                "code",
                                                10_000,
                                                0.01,
                                                2,
                                                PoolWriter.Options.DEFAULTS)
                                        .pool());
        System.out.printf(
                Locale.ROOT,
                "pools: text %,d + code %,d train tokens, written in %.1f s%n",
                pools.get("text").stats().trainTokens(),
                pools.get("code").stats().trainTokens(),
                (System.nanoTime() - start) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "%-11s %8s %7s %9s %10s %12s %14s %13s%n",
                "mixture",
                "tokens",
                "shards",
                "wall s",
                "build CPU s",
                "build MB/s/c",
                "shard MB/s/c",
                "peak RSS MB");

        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String name : List.of("budget-2M", "budget-20M")) {
            Path dir = work.resolve("mixtures").resolve(name);
            resetPeakRss();
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            MixtureManifest manifest =
                    MixtureBuilder.build(
                            ablation, ablation.mixture(name).orElseThrow(), pools, dir);
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            long peakRss = peakRssKb();
            long tokens = manifest.train().tokens() + manifest.validation().tokens();
            double megabytes = tokens * 4 / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "%-11s %8s %7d %9.2f %10.2f %12.1f %14.1f %13d%n",
                    name,
                    tokens / 1_000_000 + "M",
                    manifest.train().shards().size() + manifest.validation().shards().size(),
                    wallSeconds,
                    cpuSeconds,
                    megabytes / cpuSeconds,
                    shardWritingRate(dir, manifest),
                    peakRss / 1024);
        }
        FileTrees.delete(work);
    }

    /**
     * Re-writes every train shard from rows held in memory: MB of tokens per CPU-second of the
     * writing thread.
     */
    private static double shardWritingRate(Path dir, MixtureManifest manifest) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        long tokens = 0;
        for (ShardWriter.ShardInfo shard : manifest.train().shards()) {
            List<MixtureRow> rows = new ArrayList<>();
            try (ParquetRowReader<MixtureRow> reader =
                    ParquetRowReader.open(dir.resolve(shard.file()), MixtureRow.FORMAT)) {
                reader.forEachRemaining(rows::add);
            }
            long before = threads.getCurrentThreadCpuTime();
            ShardWriter.ShardInfo rewritten =
                    ShardWriter.write(
                            OutputStream.nullOutputStream(),
                            shard.file(),
                            rows.iterator(),
                            SEQ_LEN,
                            MixtureBuilder.Options.DEFAULTS.parquet());
            nanos += threads.getCurrentThreadCpuTime() - before;
            if (!rewritten.sha256().equals(shard.sha256()))
                throw new IllegalStateException("rewriting " + shard.file() + " changed its bytes");
            tokens += rows.size() * (long) SEQ_LEN;
        }
        return tokens * 4 / 1e6 / (nanos / 1e9);
    }

    private static void rewriteShards(double seconds, List<Path> files) throws Exception {
        List<List<MixtureRow>> shards = new ArrayList<>();
        for (Path file : files) {
            List<MixtureRow> rows = new ArrayList<>();
            try (ParquetRowReader<MixtureRow> reader =
                    ParquetRowReader.open(file, MixtureRow.FORMAT)) {
                reader.forEachRemaining(rows::add);
            }
            shards.add(rows);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> rates = new ArrayList<>();
        long bytes = 0;
        long tokens = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int round = 0; round < 3 || System.nanoTime() < end; round++) {
            long nanos = 0;
            bytes = 0;
            tokens = 0;
            for (List<MixtureRow> rows : shards) {
                int seqLen = rows.get(0).inputIds().length;
                long before = threads.getCurrentThreadCpuTime();
                ShardWriter.ShardInfo written =
                        ShardWriter.write(
                                OutputStream.nullOutputStream(),
                                "shard",
                                rows.iterator(),
                                seqLen,
                                MixtureBuilder.Options.DEFAULTS.parquet());
                nanos += threads.getCurrentThreadCpuTime() - before;
                bytes += written.bytes();
                tokens += rows.size() * (long) seqLen;
            }
            if (round > 0) rates.add(tokens * 4 / 1e6 / (nanos / 1e9)); // round 0 warms the JIT up
        }
        rates.sort(null);
        System.out.printf(
                Locale.ROOT,
                "%d shard(s), %,d tokens, %.3f bytes/token, ZSTD level %d: %d rounds, median %.1f, best %.1f MB/CPU-s%n",
                shards.size(),
                tokens,
                bytes / (double) tokens,
                MixtureBuilder.Options.DEFAULTS.parquet().zstdLevel(),
                rates.size(),
                rates.get(rates.size() / 2),
                rates.get(rates.size() - 1));
    }

    /** Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) of this process. */
    private static void resetPeakRss() throws Exception {
        System.gc();
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    private static long peakRssKb() throws Exception {
        Matcher m =
                Pattern.compile("VmHWM:\\s+(\\d+) kB")
                        .matcher(Files.readString(Path.of("/proc/self/status")));
        if (!m.find())
            throw new IllegalStateException("no VmHWM in /proc/self/status (Linux only)");
        return Long.parseLong(m.group(1));
    }
}
