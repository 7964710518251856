package dev.mixlab.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.mixtures.plan.TokenBudget;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A search made concrete by its pools' sizes: prior, within-domain split, caps, mixtures, runs. */
class SwarmDesignTest {
    private static final String SPEC =
            """
            name: d
            seq_len: 512
            seed: 5
            sources:
              - {name: text, kind: text, inputs: t}
              - {name: java, kind: code, inputs: j}
              - {name: python, kind: code, inputs: p}
              - {name: markup, kind: markup, inputs: m}
            models:
              tiny: {d_model: 64, n_layers: 2, n_heads: 2}
            search:
              domains: {text: text, code: [java, python], markup: markup}
              tokens: 1M
              target_tokens: 10M
              max_repetition: {markup: 4}
              fixed: {markup: 0.05}
              objective: mean(text_bpb, java_bpb)
            """;

    private static final Map<String, Long> SUPPLY =
            Map.of("text", 6_000_000L, "java", 3_000_000L, "python", 1_000_000L, "markup", 50_000L);

    private final AblationSpec spec = SpecLoader.parse(Path.of("d.yaml"), SPEC);
    private final SwarmDesign design = new SwarmDesign(spec, SUPPLY);

    @Test
    void theNaturalPriorFollowsThePoolsAroundTheFixedWeights() {
        // Free domains share 0.95 by their pools: text 6M, code 3M + 1M.
        assertThat(design.priorWeights())
                .containsExactly(new double[] {0.57, 0.38, 0.05}, within(1e-12));
        assertThat(design.within().get("code"))
                .containsExactly(Map.entry("java", 0.75), Map.entry("python", 0.25));
        assertThat(design.codeFraction()).containsExactly(0, 1, 0);
    }

    @Test
    void capsAreTheShareOfAMixtureTheMixtureBuilderWouldAccept() {
        // markup: (4 × 50,000 − 1) / 1M; text and code have room for whole mixtures.
        double[] caps = design.caps(1_000_000);
        assertThat(caps[0]).isEqualTo(1.0);
        assertThat(caps[1]).isEqualTo(1.0);
        assertThat(caps[2]).isCloseTo(199_999 / 1e6, within(1e-12));
        // At the proposal's scale (10M tokens) they bind: text (6M − 1) / 10M; code by python,
        // (1M − 1) / (0.25 × 10M), below java's (3M − 1) / (0.75 × 10M).
        assertThat(design.proposalBox().upper())
                .containsExactly(new double[] {0.5999999, 0.3999996, 0.05}, within(1e-12));
        assertThat(design.proposalBox().lower()[2]).isEqualTo(0.05);
        assertThat(design.describeCap("markup", 1_000_000))
                .isEqualTo(
                        "domain 'markup' (markup) has 50K train tokens in its pools × max_repetition 4, so it can fill at most 20.0% of a 1M-token mixture");
        // A mixture at a cap is accepted by the builder's own arithmetic.
        MixtureSpec atCap = design.mixture("d-001", new double[] {1 - caps[2], 0, caps[2]});
        Map<String, Long> targets = TokenBudget.allocate(atCap.weights(), atCap.budgetTokens());
        assertThat(targets.get("markup")).isLessThanOrEqualTo(4 * 50_000L);
    }

    @Test
    void membersBecomeOrdinaryMixturesAndRuns() {
        MixtureSpec mixture = design.mixture("d-003", new double[] {0.55, 0.4, 0.05});
        assertThat(mixture.weights())
                .containsExactly(
                        Map.entry("text", 0.55),
                        Map.entry("java", 0.30000000000000004),
                        Map.entry("python", 0.1),
                        Map.entry("markup", 0.05));
        assertThat(mixture.budgetTokens()).isEqualTo(1_000_000);
        assertThat(mixture.maxRepetitionOf("markup")).isEqualTo(4);
        assertThat(mixture.maxRepetitionOf("java")).isEqualTo(1);
        assertThat(mixture.seed()).isEqualTo(5);
        RunSpec run = design.run("d-003", 5);
        assertThat(run.id()).isEqualTo("d-003-tiny-s5");
        assertThat(run.phases())
                .singleElement()
                .satisfies(p -> assertThat(p.tokens()).isEqualTo(1_000_000));
        // A domain at 0 leaves its sources out of the mixture.
        assertThat(design.mixture("d-004", new double[] {0.95, 0, 0.05}).weights())
                .containsOnlyKeys("text", "markup");
    }

    @Test
    void checkMixturesAreNamedByTheirWeights() {
        double[] rounded = SwarmDesign.roundForBuilding(new double[] {0.1234567, 0.8265433, 0.05});
        assertThat(rounded[0] + rounded[1] + rounded[2]).isCloseTo(1, within(1e-12));
        assertThat(rounded[0]).isEqualTo(0.123457);
        String name = design.checkMixtureName(rounded);
        assertThat(name).matches("d-check-[0-9a-f]{8}");
        assertThat(design.checkMixtureName(rounded)).isEqualTo(name);
        assertThat(design.checkMixtureName(new double[] {0.2, 0.75, 0.05})).isNotEqualTo(name);
        assertThat(design.checkSeed()).isEqualTo(6);
    }
}
