package dev.mixlab.mixtures.pool;

import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes test pools with {@link PoolWriter} from synthetic token streams: document lengths follow a
 * log-normal distribution (median 600 tokens) clipped to 50..5000 like real web and code documents,
 * ids follow a Zipf law (exponent 1.1) over a 100k vocabulary like BPE ids of real text, every
 * document ends with {@link #EOS}, and about {@code validationShare} of the documents are held out.
 */
public final class SyntheticPool {
    public static final int EOS = 100_257;
    public static final String TOKENIZER = "cl100k_base";
    private static final int VOCABULARY = 100_000;
    private static final double[] ZIPF_CDF = zipfCdf(1.1);

    private SyntheticPool() {}

    /** The documents written, in pool order, so tests can compare packed rows with them. */
    public record Written(Pool pool, List<PoolRecord> documents) {
        public List<PoolRecord> split(PoolRecord.Split split) {
            return documents.stream().filter(d -> d.split() == split).toList();
        }
    }

    public static Written write(
            Path poolsDir,
            String source,
            String kind,
            int documents,
            double validationShare,
            long seed,
            PoolWriter.Options options)
            throws IOException {
        Path dir =
                poolsDir.resolve(
                        source
                                + "-"
                                + String.format(
                                        "%016x", seed * 0x9e3779b97f4a7c15L + source.hashCode()));
        Random random = new Random(seed);
        List<PoolRecord> written = new ArrayList<>();
        try (PoolWriter writer = new PoolWriter(dir, options)) {
            for (int i = 0; i < documents; i++) {
                int length =
                        (int)
                                Math.max(
                                        50,
                                        Math.min(
                                                5000,
                                                Math.round(
                                                        Math.exp(
                                                                Math.log(600)
                                                                        + 0.9
                                                                                * random
                                                                                        .nextGaussian()))));
                int[] ids = new int[length];
                for (int t = 0; t < length - 1; t++) ids[t] = zipf(random);
                ids[length - 1] = EOS;
                PoolRecord.Split split =
                        random.nextDouble() < validationShare
                                ? PoolRecord.Split.VALIDATION
                                : PoolRecord.Split.TRAIN;
                PoolRecord record =
                        new PoolRecord(
                                source + "/" + i,
                                source,
                                kind,
                                i % 3 == 0 ? null : "en",
                                4L * length,
                                length,
                                ids,
                                split);
                writer.write(record);
                written.add(record);
            }
            writer.finish(TOKENIZER, EOS, Map.of());
        }
        return new Written(Pool.open(dir), written);
    }

    private static double[] zipfCdf(double exponent) {
        double[] cdf = new double[VOCABULARY];
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++)
            cdf[rank] = sum += Math.pow(rank + 1, -exponent);
        for (int rank = 0; rank < VOCABULARY; rank++) cdf[rank] /= sum;
        return cdf;
    }

    private static int zipf(Random random) {
        int index = Arrays.binarySearch(ZIPF_CDF, random.nextDouble());
        return index >= 0 ? index : Math.min(-index - 1, VOCABULARY - 1);
    }

    /**
     * Small parts and row groups, so a few thousand documents span several part files and row
     * groups.
     */
    public static PoolWriter.Options smallParts() {
        return new PoolWriter.Options(
                200_000,
                new ParquetWriteOptions(
                        256 << 10, 64 << 10, ParquetWriteOptions.DEFAULTS.zstdLevel()));
    }
}
