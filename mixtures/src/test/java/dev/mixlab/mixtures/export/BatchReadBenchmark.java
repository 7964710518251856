package dev.mixlab.mixtures.export;

import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Would Arrow vectors make a faster in-memory batch for the proxy trainer than Parquet rows? Reads
 * a mixture's train rows into batches of {@code batch × seq_len} ints (what the trainer hands to
 * DJL) from the Parquet shards (decoded row by row, as the trainer does now) and from the {@code
 * arrow} export (record batches, ids copied out of the list vectors' data buffer), in CPU-seconds
 * of this thread, median and best of the rounds. Not a test; run it by hand on an exported mixture:
 *
 * <pre>
 * mvn -q -o -pl filters,mixtures test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx1g -XX:+UseSerialGC --add-opens=java.base/java.nio=ALL-UNNAMED \
 *      -cp mixtures/target/test-classes:mixtures/target/classes:filters/target/classes:$(cat /tmp/cp.txt) \
 *      dev.mixlab.mixtures.export.BatchReadBenchmark MIXTURE_DIR [rounds]
 * </pre>
 */
public final class BatchReadBenchmark {
    private static final int BATCH = 16;

    private BatchReadBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MixtureManifest manifest = MixtureManifest.read(dir);
        int seqLen = manifest.spec().seqLen();
        long tokens = manifest.train().rows() * seqLen;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String reader : List.of("parquet", "arrow")) {
            List<Double> seconds = new ArrayList<>();
            long checksum = 0;
            for (int round = 0; round < rounds; round++) {
                long start = cpu.getCurrentThreadCpuTime();
                checksum =
                        reader.equals("parquet")
                                ? parquet(dir, manifest, seqLen)
                                : arrow(dir.resolve("arrow/train"), seqLen);
                seconds.add((cpu.getCurrentThreadCpuTime() - start) / 1e9);
            }
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "%-8s median %.3f CPU-s, best %.3f CPU-s: %.1f MB/s of int32 tokens per CPU-second (median); checksum %d%n",
                    reader,
                    sorted[sorted.length / 2],
                    sorted[0],
                    tokens * 4 / 1e6 / sorted[sorted.length / 2],
                    checksum);
        }
    }

    private static long parquet(Path dir, MixtureManifest manifest, int seqLen) {
        int[] batch = new int[BATCH * seqLen];
        int rows = 0;
        long checksum = 0;
        for (ShardInfo shard : manifest.train().shards()) {
            try (ParquetRowReader<MixtureRow> reader =
                    ParquetRowReader.open(dir.resolve(shard.file()), MixtureRow.FORMAT)) {
                while (reader.hasNext()) {
                    System.arraycopy(reader.next().inputIds(), 0, batch, rows * seqLen, seqLen);
                    if (++rows == BATCH) {
                        checksum += batch[batch.length - 1];
                        rows = 0;
                    }
                }
            }
        }
        return checksum;
    }

    private static long arrow(Path split, int seqLen) throws IOException {
        int[] batch = new int[BATCH * seqLen];
        int rows = 0;
        long checksum = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(split)) {
            files = list.filter(p -> p.toString().endsWith(".arrow")).sorted().toList();
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file);
                        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    while (reader.loadNextBatch()) {
                        ListVector ids = (ListVector) root.getVector("input_ids");
                        ArrowBuf data = ((IntVector) ids.getDataVector()).getDataBuffer();
                        for (int row = 0; row < root.getRowCount(); row++) {
                            long offset = (long) ids.getElementStartIndex(row) * 4;
                            for (int i = 0; i < seqLen; i++)
                                batch[rows * seqLen + i] = data.getInt(offset + 4L * i);
                            if (++rows == BATCH) {
                                checksum += batch[batch.length - 1];
                                rows = 0;
                            }
                        }
                    }
                }
            }
        }
        return checksum;
    }
}
