package dev.mixlab.eval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.SeedsFixture;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.stats.AcrossSeeds;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.eval.stats.StudentT;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that differ only in seed, compared as groups ({@link SeedsFixture}). Every expected number
 * below is computed by hand in the comments (t(0.975, 2) = 4.302653 from a t table).
 */
class SeedComparisonTest {
    @TempDir Path dir;
    Comparison comparison;

    @BeforeEach
    void importSeeds() throws Exception {
        SeedsFixture seeds = new SeedsFixture(dir);
        comparison =
                Comparison.ofAblation(
                        seeds.spec, ResultsStore.open(seeds.workdir), null, CategorySet.paper());
    }

    private Subject subject(String label) {
        return comparison.subjects().stream()
                .filter(s -> s.label().equals(label))
                .findFirst()
                .orElseThrow();
    }

    private Comparison.Row task(String key) {
        return comparison.taskRows().stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void runsThatDifferOnlyInSeedAreOneColumn() {
        assertThat(comparison.subjects())
                .extracting(Subject::label)
                .containsExactly("code-0-tiny", "code-50-tiny", "code-100-tiny", "single-tiny-s7");
        assertThat(subject("code-0-tiny").seeds())
                .extracting(Subject::seed)
                .containsExactly(1L, 2L, 3L);
        assertThat(subject("single-tiny-s7").isSeedGroup()).isFalse();
        // Lowest code share: code-0, a group.
        assertThat(comparison.baseline()).isEqualTo(subject("code-0-tiny"));
    }

    @Test
    void taskScoresAreMeanSdAndTIntervalOverSeeds() {
        // code-0 text bpb: 1.20, 1.30, 1.25. mean = 3.75/3 = 1.25; deviations −0.05, +0.05, 0;
        // sd = √((0.0025 + 0.0025 + 0)/2) = 0.05; se = 0.05/√3 = 0.0288675;
        // half-width = 4.302653 × 0.0288675 = 0.124207 → [1.125793, 1.374207].
        Score base = task("text").score(subject("code-0-tiny")).orElseThrow();
        assertThat(base.n()).isEqualTo(3);
        assertThat(base.value()).isCloseTo(1.25, within(1e-12));
        assertThat(base.sd()).isCloseTo(0.05, within(1e-12));
        assertThat(base.interval().low()).isCloseTo(1.125793, within(1e-6));
        assertThat(base.interval().high()).isCloseTo(1.374207, within(1e-6));
        assertThat(base.interval().method()).isEqualTo(AcrossSeeds.T_METHOD);
        assertThat(base.perSeed())
                .containsExactly(Map.entry(1L, 1.20), Map.entry(2L, 1.30), Map.entry(3L, 1.25));
    }

    @Test
    void categoriesAreMeanOverSeedsOfEachSeedsCategoryScore() {
        // Reasoning per seed of code-0 = mean(ARC-Easy, PIQA) × 100: s1 (40+60)/2 = 50,
        // s2 (42+62)/2 = 52, s3 (44+58)/2 = 51. mean 51; sd = √((1 + 1 + 0)/2) = 1;
        // half-width = 4.302653 × 1/√3 = 2.484138.
        Score reasoning =
                comparison
                        .categoryRow("reasoning")
                        .orElseThrow()
                        .score(subject("code-0-tiny"))
                        .orElseThrow();
        assertThat(reasoning.n()).isEqualTo(3);
        assertThat(reasoning.value()).isCloseTo(51.0, within(1e-9));
        assertThat(reasoning.sd()).isCloseTo(1.0, within(1e-9));
        assertThat(reasoning.interval().halfWidth()).isCloseTo(2.484138, within(1e-6));
        // Only 2 of the 11 paper tasks: incomplete, as for a single run.
        assertThat(reasoning.covered()).isEqualTo(2);
        assertThat(reasoning.expected()).isEqualTo(11);
    }

    @Test
    void sameSeedsArePairedBySeed() {
        // code-50 − code-0 text bpb per seed: 1.32−1.20 = 0.12, 1.36−1.30 = 0.06, 1.34−1.25 = 0.09.
        // mean 0.09; sd = √((0.0009 + 0.0009 + 0)/2) = 0.03; se = 0.03/√3 = 0.0173205;
        // half-width = 4.302653 × 0.0173205 = 0.074524 → [0.015476, 0.164524].
        // t = 0.09/0.0173205 = 5.196152; with 2 df the two-sided p = 1 − t/√(2 + t²)
        //   = 1 − 5.196152/√29 = 1 − 5.196152/5.385165 = 0.0350987.
        Comparison.Row text = task("text");
        AcrossSeeds.Test test = comparison.seedTest(text, subject("code-50-tiny"));
        assertThat(test.method()).isEqualTo(AcrossSeeds.PAIRED_METHOD);
        assertThat(test.difference()).isCloseTo(0.09, within(1e-12));
        assertThat(test.df()).isEqualTo(2.0);
        assertThat(test.interval().low()).isCloseTo(0.015476, within(1e-6));
        assertThat(test.interval().high()).isCloseTo(0.164524, within(1e-6));
        assertThat(test.p()).isCloseTo(0.0350987, within(1e-7));
        assertThat(comparison.differenceInterval(text, subject("code-50-tiny")))
                .isEqualTo(test.interval());
    }

    @Test
    void differentSeedsUseWelch() {
        // code-100 (seeds 4, 5): 1.50, 1.54 → mean 1.52, sd = √((0.0004 + 0.0004)/1) = 0.0282843.
        // s₁²/n₁ = 0.0008/2 = 0.0004; baseline s₂²/n₂ = 0.0025/3 = 0.00083333;
        // se = √(0.0004 + 0.00083333) = √0.00123333 = 0.0351188;
        // df = 0.00123333² / (0.0004²/1 + 0.00083333²/2) = 1.521111e-6 / 5.072222e-7 = 2.998905;
        // difference 1.52 − 1.25 = 0.27; t = 0.27/0.0351188 = 7.688196.
        AcrossSeeds.Test test = comparison.seedTest(task("text"), subject("code-100-tiny"));
        assertThat(test.method()).isEqualTo(AcrossSeeds.WELCH_METHOD);
        assertThat(test.difference()).isCloseTo(0.27, within(1e-12));
        assertThat(test.df()).isCloseTo(2.998905, within(1e-5));
        double half = StudentT.critical95(test.df()) * 0.0351188;
        assertThat(test.interval().halfWidth()).isCloseTo(half, within(1e-6));
        // Just under 3 df: a hair above the table's t(0.975, 3) = 3.182446.
        assertThat(half / 0.0351188).isCloseTo(3.1829, within(1e-3));
        assertThat(test.p()).isCloseTo(StudentT.twoSidedP(7.688196, 2.998905), within(1e-6));
    }

    @Test
    void oneSeedIsLabelledAndNeverTestedAgainstSeeds() {
        Score single = task("text").score(subject("single-tiny-s7")).orElseThrow();
        assertThat(single.n()).isEqualTo(1);
        assertThat(single.sd()).isNull();
        assertThat(single.overSeeds()).isFalse();
        // Its interval is the harness's stderr over the 200 documents of this one run.
        assertThat(single.interval().method()).isEqualTo("stderr");
        assertThat(single.interval().halfWidth()).isCloseTo(Interval.Z95 * 0.004, within(1e-12));
        // One run against three seeds: no test pretends to know the single run's spread.
        assertThat(comparison.seedTest(task("text"), subject("single-tiny-s7"))).isNull();
        assertThat(comparison.differenceInterval(task("text"), subject("single-tiny-s7"))).isNull();
    }

    @Test
    void aSeedRunNamesItsGroupAsBaseline() {
        assertThat(Subjects.baseline(comparison.subjects(), "code-50-tiny-s2").label())
                .isEqualTo("code-50-tiny");
    }
}
