package dev.mixlab.eval.compare;

import dev.mixlab.filters.decontaminate.EvalIndex.ItemContamination;
import dev.mixlab.mixtures.pool.PoolContamination;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which items of each decontamination set some training document overlapped, read from the pools'
 * reverse indexes ({@code contamination.jsonl}): what {@link CleanItemScores} needs to score a task
 * on its clean items.
 *
 * @param overlappedBySet per set: the doc ids of its items that share an n-gram with a document of
 *     any of the pools
 * @param itemsBySet per set: how many items it has
 */
public record BenchmarkOverlap(
        Map<String, Set<Long>> overlappedBySet, Map<String, Long> itemsBySet) {
    public static final BenchmarkOverlap NONE = new BenchmarkOverlap(Map.of(), Map.of());

    /** The overlap of the pools in {@code poolDirs} (a pool without an index adds nothing). */
    public static BenchmarkOverlap ofPools(Collection<Path> poolDirs) {
        Map<String, Set<Long>> overlapped = new LinkedHashMap<>();
        Map<String, Long> items = new LinkedHashMap<>();
        for (Path pool : poolDirs) {
            Map<String, Set<Long>> ids = new HashMap<>();
            for (ItemContamination item : PoolContamination.read(pool)) {
                ids.computeIfAbsent(item.set(), k -> new HashSet<>()).add(item.docId());
                if (item.docs() > 0)
                    overlapped.computeIfAbsent(item.set(), k -> new TreeSet<>()).add(item.docId());
            }
            ids.forEach((set, all) -> items.merge(set, (long) all.size(), Math::max));
        }
        return new BenchmarkOverlap(overlapped, items);
    }
}
