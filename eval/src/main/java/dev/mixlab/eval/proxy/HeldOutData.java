package dev.mixlab.eval.proxy;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolReader;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held-out documents of every source of an ablation, the same for every run: read from the
 * pools the built mixtures were made from (each manifest names its pools), not from the mixtures'
 * own validation shards, so a run trained on 0% code is still measured on the code source.
 */
public final class HeldOutData {
    private final Map<String, Pool> pools;
    private final Map<String, String> kinds;

    private HeldOutData(Map<String, Pool> pools, Map<String, String> kinds) {
        this.pools = pools;
        this.kinds = kinds;
    }

    public static HeldOutData of(AblationSpec spec, WorkDir work) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (MixtureSpec mixture : spec.mixtures()) {
            Path dir = work.mixture(mixture.name());
            if (!Files.isRegularFile(dir.resolve(MixtureManifest.FILE_NAME))) continue;
            MixtureManifest manifest = MixtureManifest.read(dir);
            manifest.pools()
                    .forEach(
                            (source, ref) -> {
                                Path poolDir = work.pools().resolve(ref.dir());
                                if (!pools.containsKey(source) && Files.isDirectory(poolDir))
                                    pools.put(source, Pool.open(poolDir));
                            });
        }
        for (SourceSpec source : spec.sources()) {
            if (pools.containsKey(source.name())) kinds.put(source.name(), source.kind());
        }
        if (pools.isEmpty()) {
            throw new EvalInputException(
                    "no built mixture in "
                            + work.mixtures()
                            + " names a pool that exists; run `mixlab build "
                            + spec.file()
                            + "` first");
        }
        Map<String, Pool> ordered = new LinkedHashMap<>();
        kinds.keySet().forEach(s -> ordered.put(s, pools.get(s)));
        return new HeldOutData(ordered, kinds);
    }

    /** Source names in declaration order. */
    public List<String> sources() {
        return List.copyOf(pools.keySet());
    }

    /** The pool the source's held-out documents come from (its name carries its fingerprint). */
    public Path poolDir(String source) {
        return pools.get(source).dir();
    }

    public String kind(String source) {
        return kinds.get(source);
    }

    /** The source's held-out documents in pool order, up to {@code maxTokens} tokens in all. */
    public List<PoolRecord> documents(String source, long maxTokens) {
        List<PoolRecord> docs = new ArrayList<>();
        long tokens = 0;
        try (PoolReader<PoolRecord> reader =
                PoolReader.records(pools.get(source), PoolRecord.Split.VALIDATION)) {
            while (reader.hasNext() && tokens < maxTokens) {
                PoolRecord record = reader.next();
                docs.add(record);
                tokens += record.nTokens();
            }
        }
        return docs;
    }
}
