package dev.mixlab.pipelines.mix;

import dev.mixlab.mixtures.assembly.MixtureLayout;
import dev.mixlab.mixtures.assembly.MixturePlan;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.Serializable;
import java.util.Map;

/**
 * One split of one mixture as the mixing pipeline builds it: everything a worker needs, computed on
 * the launcher from row counts alone and shipped with the job.
 *
 * @param plan rows and tokens per source
 * @param layout where every packed row goes (split, schedule, shards)
 * @param poolDirs the pool directory of every source of the plan
 * @param outDir the mixture's partial directory the shards are written into
 * @param gatherWindowTokens tokens a train packer gathers per pool scan
 * @param parquet layout of the shard files
 */
record SplitTarget(
        MixturePlan plan,
        MixtureLayout layout,
        Map<String, String> poolDirs,
        String outDir,
        long gatherWindowTokens,
        ParquetWriteOptions parquet)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    SplitTarget {
        poolDirs = Map.copyOf(poolDirs);
    }

    PoolRecord.Split split() {
        return layout.split();
    }

    String describe() {
        return "mixture '" + plan.mixture() + "' (" + split().label() + ")";
    }
}
