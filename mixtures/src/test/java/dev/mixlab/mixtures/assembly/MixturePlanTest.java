package dev.mixlab.mixtures.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class MixturePlanTest {
    private static PoolStats pool(long trainTokens, long validationTokens) {
        return new PoolStats(
                trainTokens,
                trainTokens / 500,
                validationTokens,
                validationTokens / 500,
                "cl100k_base",
                100257,
                Map.of());
    }

    private static MixtureSpec mixture(
            Map<String, Double> weights, long budget, Map<String, Double> caps) {
        return new MixtureSpec("m", "explicit", null, weights, budget, caps, 0);
    }

    @Test
    void everySourceIsWithinOneRowOfItsTargetAndRowsCoverTheBudget() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int sources = 1 + random.nextInt(6);
            Map<String, Double> weights = new LinkedHashMap<>();
            double[] raw = random.doubles(sources, 0.01, 1).toArray();
            double sum = Arrays.stream(raw).sum();
            Map<String, PoolStats> pools = new LinkedHashMap<>();
            for (int s = 0; s < sources; s++) {
                weights.put("s" + s, raw[s] / sum);
                pools.put("s" + s, pool(1L << 40, 0));
            }
            long budget = 1 + random.nextInt(5_000_000);
            int seqLen = 1 + random.nextInt(4096);
            MixturePlan plan = MixturePlan.of(mixture(weights, budget, Map.of()), seqLen, pools);

            long rows = 0;
            long targets = 0;
            for (SourceQuota quota : plan.train()) {
                long tokens = quota.rows() * seqLen;
                assertThat(Math.abs(tokens - quota.targetTokens()))
                        .as("trial %d, %s", trial, quota)
                        .isLessThan(seqLen);
                assertThat(quota.paddedTokens()).isZero();
                assertThat(quota.packedTokens()).isEqualTo(tokens);
                rows += quota.rows();
                targets += quota.targetTokens();
            }
            assertThat(targets).isEqualTo(budget);
            assertThat(rows)
                    .as("⌈budget / seq_len⌉ rows")
                    .isEqualTo((budget + seqLen - 1) / seqLen);
        }
    }

    @Test
    void demandBeyondTheRepetitionCapFailsNamingSourceSupplyDemandAndCap() {
        Map<String, PoolStats> pools =
                Map.of("text", pool(10_000_000, 0), "code", pool(1_000_000, 0));
        MixtureSpec spec =
                mixture(Map.of("text", 0.5, "code", 0.5), 5_000_000, Map.of("code", 2.0));
        assertThatThrownBy(() -> MixturePlan.of(spec, 512, pools))
                .isInstanceOf(InsufficientSupplyException.class)
                .hasMessageContaining("source 'code'")
                .hasMessageContaining("demand 2,500,000 tokens")
                .hasMessageContaining("supply 1,000,000 train tokens")
                .hasMessageContaining("max_repetition 2 epochs (at most 2,000,000 tokens)")
                .hasMessageContaining("it would need 2.500 epochs. Raise max_repetition for 'code'")
                .satisfies(
                        e ->
                                assertThat(((InsufficientSupplyException) e).demandTokens())
                                        .isEqualTo(2_500_000));

        MixturePlan upsampled =
                MixturePlan.of(
                        mixture(Map.of("text", 0.5, "code", 0.5), 5_000_000, Map.of("code", 2.5)),
                        512,
                        pools);
        assertThat(
                        upsampled.train().stream()
                                .filter(q -> q.source().equals("code"))
                                .findFirst()
                                .orElseThrow()
                                .epochs())
                .isCloseTo(2.5, Offset.offset(0.001));
    }

    @Test
    void aSourceAtItsCapPadsOnlyItsLastRow() {
        MixturePlan plan =
                MixturePlan.of(
                        mixture(Map.of("code", 1.0), 1000, Map.of()),
                        512,
                        Map.of("code", pool(1000, 0)));
        SourceQuota code = plan.train().get(0);
        assertThat(code.rows()).isEqualTo(2);
        assertThat(code.packedTokens()).isEqualTo(1000);
        assertThat(code.paddedTokens()).isEqualTo(24);
    }

    @Test
    void validationPacksEveryHeldOutTokenAndPadsTheLastRow() {
        MixturePlan plan =
                MixturePlan.of(
                        mixture(Map.of("text", 0.9, "code", 0.1), 10_000, Map.of()),
                        512,
                        Map.of("text", pool(100_000, 1300), "code", pool(100_000, 0)));
        assertThat(plan.validation())
                .extracting(
                        SourceQuota::source,
                        SourceQuota::rows,
                        SourceQuota::packedTokens,
                        SourceQuota::paddedTokens)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("text", 3L, 1300L, 236L), Tuple.tuple("code", 0L, 0L, 0L));
        assertThat(plan.rows(PoolRecord.Split.VALIDATION)).isEqualTo(3);
    }

    @Test
    void zeroWeightsAreLeftOutAndInputsMustAgree() {
        MixturePlan plan =
                MixturePlan.of(
                        mixture(Map.of("text", 1.0, "code", 0.0), 10_000, Map.of()),
                        512,
                        Map.of("text", pool(100_000, 0)));
        assertThat(plan.train()).extracting(SourceQuota::source).containsExactly("text");

        assertThatThrownBy(
                        () ->
                                MixturePlan.of(
                                        mixture(Map.of("text", 0.5, "code", 0.5), 10_000, Map.of()),
                                        512,
                                        Map.of("text", pool(100_000, 0))))
                .isInstanceOf(MixtureInputException.class)
                .hasMessageContaining("source 'code' has weight 0.5 but no curated pool");
        PoolStats otherTokenizer =
                new PoolStats(100_000, 200, 0, 0, "o200k_base", 199999, Map.of());
        assertThatThrownBy(
                        () ->
                                MixturePlan.of(
                                        mixture(Map.of("text", 0.5, "code", 0.5), 10_000, Map.of()),
                                        512,
                                        Map.of("text", pool(100_000, 0), "code", otherTokenizer)))
                .isInstanceOf(MixtureInputException.class)
                .hasMessageContaining("tokenized differently")
                .hasMessageContaining("o200k_base");
    }
}
