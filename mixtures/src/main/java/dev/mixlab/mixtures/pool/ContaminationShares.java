package dev.mixlab.mixtures.pool;

import dev.mixlab.filters.decontaminate.EvalIndex.ItemContamination;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The share of each evaluation set's items that overlap any document of a group of pools (one pool,
 * or the pools a mixture draws from): an item counts once however many pools it was found in.
 */
public final class ContaminationShares {
    private ContaminationShares() {}

    /**
     * One set's share.
     *
     * @param items items in the set
     * @param overlapped items that share an n-gram with at least one document of the pools
     */
    public record Share(long items, long overlapped) {
        public double fraction() {
            return items == 0 ? 0 : (double) overlapped / items;
        }
    }

    /** Per set, in the order the sets first appear in {@code pools}. */
    public static Map<String, Share> of(Collection<java.util.List<ItemContamination>> pools) {
        Map<String, Set<String>> items = new LinkedHashMap<>();
        Map<String, Set<String>> overlapped = new LinkedHashMap<>();
        for (java.util.List<ItemContamination> pool : pools) {
            for (ItemContamination item : pool) {
                items.computeIfAbsent(item.set(), s -> new HashSet<>()).add(item.item());
                Set<String> hit = overlapped.computeIfAbsent(item.set(), s -> new HashSet<>());
                if (item.docs() > 0) hit.add(item.item());
            }
        }
        Map<String, Share> shares = new LinkedHashMap<>();
        items.forEach(
                (set, all) -> shares.put(set, new Share(all.size(), overlapped.get(set).size())));
        return shares;
    }
}
