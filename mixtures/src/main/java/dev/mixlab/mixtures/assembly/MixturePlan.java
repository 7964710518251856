package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.plan.TokenBudget;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many rows and tokens each source contributes to a mixture, decided from the spec and the
 * pools' {@code stats.json} alone (no data is read), so it can be computed once and handed to every
 * worker.
 *
 * <p><b>Train rows.</b> Source targets {@code T_s} are {@code TokenBudget.allocate(weights,
 * budget)} (summing exactly to the budget {@code B}). The mixture has {@code N = ⌈B / seq_len⌉}
 * rows, so it holds at least the budget (a phase may train on the whole budget) and less than one
 * row more. Each source gets {@code ⌊T_s / seq_len⌋} rows, and the {@code N − Σ⌊T_s / seq_len⌋}
 * left over go one each to the largest remainders {@code T_s mod seq_len} (ties: spec order). Every
 * source therefore has {@code ⌊T_s/seq_len⌋} or {@code ⌈T_s/seq_len⌉} rows: its achieved tokens are
 * within one row of its target, and the total is the budget rounded up to whole rows.
 *
 * <p><b>Supply.</b> A source may use up to {@code ⌊max_repetition × train_tokens⌋} tokens of its
 * pool (whole or partial epochs). If {@code T_s} exceeds that, the build fails with {@link
 * InsufficientSupplyException} — the same test as {@code plan}'s "within cap". If only the rounding
 * up of its last row exceeds it, that row is padded (reported, less than one row).
 *
 * <p><b>Validation rows.</b> Every validation document of every source in the mixture, packed once:
 * {@code ⌈V_s / seq_len⌉} rows, the last one padded.
 *
 * <p>Sources with weight 0 are left out. The order of sources is the order of the spec's weights.
 */
public record MixturePlan(
        String mixture,
        int seqLen,
        long seed,
        String tokenizer,
        int eosId,
        List<SourceQuota> train,
        List<SourceQuota> validation)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public MixturePlan {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * @param pools statistics of the pool of every source with a positive weight
     * @throws MixtureInputException a weighted source has no pool, or the pools disagree on the
     *     tokenizer
     * @throws InsufficientSupplyException a pool cannot supply its source's share within
     *     max_repetition
     */
    public static MixturePlan of(MixtureSpec mixture, int seqLen, Map<String, PoolStats> pools) {
        if (seqLen <= 0) throw new IllegalArgumentException("seq_len must be > 0, found " + seqLen);
        Map<String, Double> weights = new LinkedHashMap<>();
        mixture.weights()
                .forEach(
                        (source, weight) -> {
                            if (weight > 0) weights.put(source, weight);
                        });
        PoolStats first = null;
        for (String source : weights.keySet()) {
            PoolStats stats = pools.get(source);
            if (stats == null) {
                throw new MixtureInputException(
                        "mixture '"
                                + mixture.name()
                                + "': source '"
                                + source
                                + "' has weight "
                                + weights.get(source)
                                + " but no curated pool; run curate first (pools given: "
                                + pools.keySet()
                                + ")");
            }
            if (first == null) first = stats;
            else if (!first.tokenizer().equals(stats.tokenizer())
                    || first.eosId() != stats.eosId()) {
                throw new MixtureInputException(
                        "mixture '"
                                + mixture.name()
                                + "': pools were tokenized differently: '"
                                + weights.keySet().iterator().next()
                                + "' with "
                                + first.tokenizer()
                                + " (eos "
                                + first.eosId()
                                + "), '"
                                + source
                                + "' with "
                                + stats.tokenizer()
                                + " (eos "
                                + stats.eosId()
                                + "); re-curate them with one tokenizer");
            }
        }
        Map<String, Long> targets = TokenBudget.allocate(weights, mixture.budgetTokens());
        Map<String, Long> rows = trainRows(targets, mixture.budgetTokens(), seqLen);
        List<SourceQuota> train = new ArrayList<>();
        List<SourceQuota> validation = new ArrayList<>();
        for (String source : weights.keySet()) {
            PoolStats stats = pools.get(source);
            long target = targets.get(source);
            long supply = stats.trainTokens();
            long allowed = (long) Math.floor(mixture.maxRepetitionOf(source) * supply);
            if (target > allowed) {
                throw new InsufficientSupplyException(
                        mixture.name(), source, supply, target, mixture.maxRepetitionOf(source));
            }
            long slots = Math.multiplyExact(rows.get(source), seqLen);
            long packed = Math.min(slots, allowed);
            train.add(
                    new SourceQuota(
                            source,
                            target,
                            rows.get(source),
                            packed,
                            slots - packed,
                            supply,
                            stats.trainDocuments()));

            long heldOut = stats.validationTokens();
            long validationRows = ceilDiv(heldOut, seqLen);
            validation.add(
                    new SourceQuota(
                            source,
                            heldOut,
                            validationRows,
                            heldOut,
                            validationRows * seqLen - heldOut,
                            heldOut,
                            stats.validationDocuments()));
        }
        return new MixturePlan(
                mixture.name(),
                seqLen,
                mixture.seed(),
                first.tokenizer(),
                first.eosId(),
                train,
                validation);
    }

    /**
     * Whole rows per source: floors plus one row each for the largest remainders, ⌈budget / seqLen⌉
     * in all.
     */
    static Map<String, Long> trainRows(Map<String, Long> targets, long budget, int seqLen) {
        Map<String, Long> rows = new LinkedHashMap<>();
        long assigned = 0;
        for (Map.Entry<String, Long> target : targets.entrySet()) {
            rows.put(target.getKey(), target.getValue() / seqLen);
            assigned += target.getValue() / seqLen;
        }
        List<String> byRemainder = new ArrayList<>(targets.keySet());
        byRemainder.sort(Comparator.comparing((String s) -> targets.get(s) % seqLen).reversed());
        for (int i = 0; assigned < ceilDiv(budget, seqLen); i++) {
            rows.merge(byRemainder.get(i), 1L, Long::sum);
            assigned++;
        }
        return rows;
    }

    private static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }

    public List<SourceQuota> quotas(PoolRecord.Split split) {
        return split == PoolRecord.Split.TRAIN ? train : validation;
    }

    public long rows(PoolRecord.Split split) {
        return quotas(split).stream().mapToLong(SourceQuota::rows).sum();
    }
}
