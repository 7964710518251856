package dev.mixlab.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.propose.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analysis' bad-input cases of the issue: unknown metrics, too few runs, no feasible mixture.
 */
class BadSwarmInputTest {
    private static Observations swarm(int runs, boolean missingLast) {
        List<String> ids = new ArrayList<>();
        double[][] weights = new double[runs][];
        double[][] values = new double[runs][2];
        for (int i = 0; i < runs; i++) {
            ids.add("r" + i);
            double a = (i + 1.0) / (runs + 2);
            double b = (1 - a) * ((i % 3) + 1) / 4.0;
            weights[i] = new double[] {a, b, 1 - a - b};
            values[i][0] = 4 + Math.exp(-a) + 0.3 * b;
            values[i][1] = missingLast && i == runs - 1 ? Double.NaN : 5 - a + b;
        }
        return new Observations(
                ids,
                List.of("text", "code", "markup"),
                weights,
                List.of("text_bpb", "code_bpb"),
                values);
    }

    private static SearchAnalysis.Settings settings(String objective, Box box) {
        return new SearchAnalysis.Settings(
                Objective.parse(objective),
                ModelKind.LOG_LINEAR,
                new double[] {0.4, 0.4, 0.2},
                box,
                0,
                5,
                0,
                1,
                false);
    }

    private static Box open() {
        return new Box(new double[3], new double[] {1, 1, 1});
    }

    @Test
    void anObjectiveNamingAnUnknownMetricListsTheMetricsThatExist() {
        assertThatThrownBy(
                        () ->
                                SearchAnalysis.analyse(
                                        swarm(10, false),
                                        settings("mean(text_bpb, cod_bpb)", open())))
                .isInstanceOf(SearchInputException.class)
                .hasMessage(
                        "the objective names metric 'cod_bpb', which no run has (did you mean 'code_bpb'?); metrics: text_bpb, code_bpb");
    }

    @Test
    void tooFewFinishedRunsSayHowManyAreNeeded() {
        // Three varying domains: the law has 4 parameters, so 6 runs are needed; the 6th lacks
        // code_bpb.
        assertThatThrownBy(
                        () ->
                                SearchAnalysis.analyse(
                                        swarm(6, true),
                                        settings("mean(text_bpb, code_bpb)", open())))
                .isInstanceOfSatisfying(
                        TooFewRunsException.class,
                        e -> {
                            assertThat(e.needed()).isEqualTo(6);
                            assertThat(e.have()).isEqualTo(5);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "fitting needs at least 6 finished runs with every objective metric (text_bpb, code_bpb)")
                                    .endsWith("5 of 6 runs have them");
                        });
        assertThat(
                        SearchAnalysis.analyse(swarm(6, false), settings("text_bpb", open()))
                                .observations()
                                .runs())
                .hasSize(6);
    }

    @Test
    void boundsNoMixtureSatisfiesAreAnInputError() {
        Box tight = new Box(new double[3], new double[] {0.3, 0.3, 0.3});
        assertThatThrownBy(
                        () -> SearchAnalysis.analyse(swarm(10, false), settings("text_bpb", tight)))
                .isInstanceOf(SearchInputException.class)
                .hasMessageContaining("no mixture satisfies the proposal's constraints")
                .hasMessageContaining("add up to 0.9");
    }

    @Test
    void aSwarmWithoutAnyResultIsShortOfRunsNotWrongAboutItsObjective() {
        Observations none =
                new Observations(
                        List.of("r0", "r1"),
                        List.of("text", "code", "markup"),
                        new double[][] {{0.5, 0.4, 0.1}, {0.2, 0.7, 0.1}},
                        List.of(),
                        new double[2][0]);
        assertThatThrownBy(() -> SearchAnalysis.analyse(none, settings("text_bpb", open())))
                .isInstanceOfSatisfying(
                        TooFewRunsException.class, e -> assertThat(e.have()).isZero());
    }
}
