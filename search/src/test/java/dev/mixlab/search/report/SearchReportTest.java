package dev.mixlab.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.mixtures.spec.Objective;
import dev.mixlab.search.Observations;
import dev.mixlab.search.SearchAnalysis;
import dev.mixlab.search.SearchResult;
import dev.mixlab.search.fit.LogLinearLaw;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.io.ProposalJson;
import dev.mixlab.search.propose.Box;
import dev.mixlab.search.swarm.SwarmSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report and proposal.json of a search over a swarm simulated from known laws. */
class SearchReportTest {
    @TempDir Path dir;

    @Test
    void reportAndProposalCarryTheTablesChartsAndNumbers() throws Exception {
        List<String> domains = List.of("text", "code", "markup");
        LogLinearLaw text = LogLinearLaw.of(1.0, 1.0, new double[] {-0.8, 1.2, 1.5});
        LogLinearLaw code = LogLinearLaw.of(0.8, 1.0, new double[] {1.2, -1.2, 0.5});
        SwarmSampler.Swarm swarm =
                SwarmSampler.draw(
                        new SwarmSampler.Settings(
                                domains,
                                new double[] {0.45, 0.45, 0.1},
                                new double[] {Double.NaN, Double.NaN, Double.NaN},
                                new double[] {1, 1, 1},
                                20,
                                0.1,
                                5,
                                8,
                                0.01,
                                3));
        SplittableRandom noise = new SplittableRandom(1);
        double[][] weights = swarm.members().toArray(double[][]::new);
        double[][] values = new double[weights.length][2];
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            values[i][0] = text.predict(weights[i]) + 0.01 * noise.nextGaussian();
            values[i][1] = code.predict(weights[i]) + 0.01 * noise.nextGaussian();
            runs.add("s-" + i);
        }
        SearchResult result =
                SearchAnalysis.analyse(
                        new Observations(
                                runs, domains, weights, List.of("text_bpb", "code_bpb"), values),
                        new SearchAnalysis.Settings(
                                Objective.parse("mean(text_bpb, code_bpb)"),
                                ModelKind.LOG_LINEAR,
                                new double[] {0.45, 0.45, 0.1},
                                new Box(new double[3], new double[] {1, 1, 1}),
                                0.01,
                                5,
                                50,
                                2,
                                false));
        double[] checked = result.proposal().weights();
        ProposalJson.Check check =
                new ProposalJson.Check(
                        "s-check-tiny-s3",
                        "s-check-00000000",
                        checked,
                        Map.of("text_bpb", 1.9, "code_bpb", 1.7, "objective", 1.8));
        ProposalJson.write(dir, result, Map.of("text", checked[0]), check);
        Path html =
                SearchReport.write(
                        dir,
                        result,
                        new SearchReport.Context(
                                "simulated",
                                List.of("A simulated swarm."),
                                new double[] {0, 1, 0},
                                null,
                                check));

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md)
                .contains("# Mixture search: simulated", "- A simulated swarm.")
                .contains(
                        "## Proposed mixture",
                        "## Predicted vs measured",
                        "## Fit quality",
                        "## Interaction matrix")
                .contains(
                        "| objective | log-linear (proposes) | 20 |",
                        "| objective | log-ridge | 20 |")
                .contains("| objective (min: 0.5·text_bpb + 0.5·code_bpb) |")
                .contains("plus 0.01 × KL(proposal ‖ prior)")
                .containsPattern(
                        "\\| text_bpb \\| -\\d\\.\\d\\d \\[-\\d\\.\\d\\d, [-+]\\d\\.\\d\\d\\] \\(−\\) \\|")
                .contains("![Predicted vs measured](charts/predicted-vs-measured.png)")
                .contains("![Objective vs code share](charts/objective-vs-code-share.png)");
        for (String chart :
                List.of("predicted-vs-measured", "interactions", "objective-vs-code-share"))
            assertThat(dir.resolve("charts/" + chart + ".png")).isNotEmptyFile();
        assertThat(Files.readString(html))
                .contains("<h2>Fit quality</h2>")
                .contains("data:image/png;base64,");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("proposal.json").toFile());
        assertThat(json.path("schema").asText()).isEqualTo("mixlab.search.proposal/1");
        assertThat(json.path("weights").path("code").asDouble())
                .isCloseTo(checked[1], within(1e-12));
        assertThat(json.path("weights_interval").path("text")).hasSize(2);
        assertThat(json.path("predicted").path("objective").path("value").asDouble())
                .isCloseTo(result.proposal().objective().value(), within(1e-12));
        assertThat(json.path("baselines").path("best_swarm_run").path("run").asText())
                .startsWith("s-");
        assertThat(
                        json.path("fit")
                                .path("log-ridge")
                                .path("objective")
                                .path("decision_accuracy")
                                .asDouble())
                .isBetween(0.0, 1.0);
        assertThat(json.path("constraints").path("kl_penalty").asDouble()).isEqualTo(0.01);
        assertThat(json.path("check").path("measured").path("objective").asDouble()).isEqualTo(1.8);
    }
}
