package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSectionTest {
    @TempDir Path dir;

    private static final String BASE =
            """
            name: mix
            seed: 11
            sources:
              - {name: text, kind: text, inputs: t}
              - {name: java, kind: code, inputs: j}
              - {name: python, kind: code, inputs: p}
              - {name: markup, kind: markup, inputs: m}
            models:
              tiny: {d_model: 64, n_layers: 2, n_heads: 2}
            """;

    private AblationSpec load(String search) {
        return SpecText.load(dir, BASE + search);
    }

    private SpecException failure(String search) {
        return SpecText.rejection(dir, BASE + search);
    }

    @Test
    void defaultsMakeOneDomainPerSourceAroundTheNaturalPrior() {
        SearchSpec search =
                load("""
                search:
                  tokens: 2M
                  objective: mean(text_bpb, java_bpb)
                """)
                        .search();
        assertThat(search.name()).isEqualTo("mix");
        assertThat(search.domainNames()).containsExactly("text", "java", "python", "markup");
        assertThat(search.model()).isEqualTo("tiny");
        assertThat(search.tokens()).isEqualTo(2_000_000);
        assertThat(search.targetTokens()).isEqualTo(2_000_000);
        // Four runs per free parameter of the law: 4 × (4 domains + 1).
        assertThat(search.swarmSize()).isEqualTo(20);
        assertThat(search.prior()).isEmpty();
        assertThat(search.seed()).isEqualTo(11);
        assertThat(search.maxRepetitionOf("markup")).isEqualTo(1.0);
        assertThat(search.objective().weights())
                .containsExactly(Map.entry("text_bpb", 0.5), Map.entry("java_bpb", 0.5));
        assertThat(search.proposeWith()).isEqualTo("log-linear");
        assertThat(search.check()).isTrue();
        assertThat(search.memberName(7)).isEqualTo("mix-007");
    }

    @Test
    void everyKeyIsRead() {
        SearchSpec search =
                load("""
                search:
                  name: code-share
                  domains:
                    text: text
                    code: [java, python]
                    markup: {markup: 1.0}
                  model: tiny
                  tokens: 500K
                  swarm: 12
                  prior: {text: 0.5, code: 0.4, markup: 0.1}
                  concentrations: [0.2, 20]
                  grid: 0.05
                  max_repetition: 4
                  objective: "max: 0.3*code_probe_acc + 0.7*text_probe_acc"
                  fixed: {markup: 0.05}
                  min_weight: {text: 0.2}
                  max_weight: {code: 0.6}
                  kl_penalty: 0.1
                  target_tokens: 50B
                  seed: 3
                  folds: 4
                  bootstrap: 0
                  propose_with: log-ridge
                  check: false
                """)
                        .search();
        assertThat(search.domains())
                .extracting(SearchSpec.Domain::sources)
                .containsExactly(List.of("text"), List.of("java", "python"), List.of("markup"));
        assertThat(search.domains().get(2).within()).containsEntry("markup", 1.0);
        assertThat(search.concentrationMin()).isEqualTo(0.2);
        assertThat(search.concentrationMax()).isEqualTo(20);
        assertThat(search.grid()).isEqualTo(0.05);
        assertThat(search.maxRepetitionOf("code")).isEqualTo(4);
        assertThat(search.objective().maximise()).isTrue();
        assertThat(search.fixed()).containsEntry("markup", 0.05);
        assertThat(search.targetTokens()).isEqualTo(50_000_000_000L);
        assertThat(search.proposeWith()).isEqualTo("log-ridge");
        assertThat(search.check()).isFalse();
        assertThat(search.folds()).isEqualTo(4);
    }

    @Test
    void badValuesNameTheirKeyAndLine() {
        assertThat(
                        failure(
                                        "search:\n  tokens: 1M\n  objective: mean(a,b)\n  domains: {text: [txt], code: [java]}\n")
                                .getMessage())
                .contains("spec.yaml:13:19: search.domains.text")
                .contains("unknown source 'txt'")
                .contains("did you mean 'text'");
        assertThat(
                        failure(
                                        "search:\n  tokens: 1M\n  objective: mean(a,b)\n  domains: {a: [text], b: [text]}\n")
                                .getMessage())
                .contains("already in domain 'a'");
        assertThat(failure("search:\n  tokens: 1M\n  objective: 'mean(a,'\n").getMessage())
                .contains("search.objective")
                .contains("ends where a metric name was expected");
        assertThat(failure("search:\n  tokens: 1M\n  objective: a\n  swarm: 4\n").getMessage())
                .contains("search.swarm")
                .contains("needs at least 7 runs");
        assertThat(
                        failure(
                                        "search:\n  tokens: 1M\n  objective: a\n  prior: {text: 0.5, java: 0.6, python: 0, markup: 0}\n")
                                .getMessage())
                .contains("search.prior");
        assertThat(
                        failure("search:\n  tokens: 1M\n  objective: a\n  fixed: {txt: 0.5}\n")
                                .getMessage())
                .contains("unknown domain 'txt'")
                .contains("did you mean 'text'");
        assertThat(
                        failure(
                                        "search:\n  tokens: 1M\n  objective: a\n  fixed: {text: 0.5, java: 0.3, python: 0.1}\n")
                                .getMessage())
                .contains("at least two free domains");
        assertThat(failure("search:\n  tokens: 1M\n  objective: a\n  grid: 0.03\n").getMessage())
                .contains("search.grid");
        assertThat(failure("search:\n  tokens: 1M\n  objective: a\n  model: huge\n").getMessage())
                .contains("unknown model size 'huge'");
        assertThat(
                        failure("search:\n  tokens: 1M\n  objective: a\n  propose_with: gbt\n")
                                .getMessage())
                .contains("use one of [log-linear, log-ridge]");
        assertThat(failure("search:\n  tokens: 1M\n  objective: a\n  swarms: 10\n").getMessage())
                .contains("unknown key 'swarms'")
                .contains("did you mean 'swarm'");
        assertThat(failure("search:\n  objective: a\n").getMessage())
                .contains("missing required key 'tokens'");
    }

    @Test
    void generatedNamesMayNotClashWithDeclaredMixtures() {
        assertThat(
                        failure(
                                        """
                mixtures:
                  - {name: mix-001, weights: {text: 1.0}, budget: 1M}
                search:
                  tokens: 1M
                  objective: text_bpb
                """)
                                .getMessage())
                .contains("mixture 'mix-001' has the name of a mixture this search generates");
    }

    @Test
    void objectivesParseIntoWeightedSums() {
        Objective mean = Objective.parse("mean(text_bpb, code_bpb)");
        assertThat(mean.maximise()).isFalse();
        assertThat(mean.weights())
                .containsExactly(Map.entry("text_bpb", 0.5), Map.entry("code_bpb", 0.5));
        assertThat(mean.value(m -> m.equals("text_bpb") ? 4.0 : 6.0)).isEqualTo(5.0);

        Objective sum = Objective.parse("max: 2*arc_easy:acc_norm - 0.5 text_bpb + `mmlu-pro`");
        assertThat(sum.maximise()).isTrue();
        assertThat(sum.sign()).isEqualTo(-1);
        assertThat(sum.weights())
                .containsExactly(
                        Map.entry("arc_easy:acc_norm", 2.0),
                        Map.entry("text_bpb", -0.5),
                        Map.entry("mmlu-pro", 1.0));
        assertThat(Objective.parse("a + mean(a, b)").weights())
                .containsExactly(Map.entry("a", 1.5), Map.entry("b", 0.5));
        assertThat(Objective.parse("1e-1*a").weights()).containsEntry("a", 0.1);
        assertThat(Objective.parse("min: a").canonical()).isEqualTo("min: 1·a");

        assertThatThrownBy(() -> Objective.parse("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Objective.parse("a b"))
                .hasMessageContaining("expected '+', '-' or the end at column 3");
        assertThatThrownBy(() -> Objective.parse("mean(a b)"))
                .hasMessageContaining("expected ',' or ')'");
        assertThatThrownBy(() -> Objective.parse("a - mmlu-pro"))
                .hasMessageContaining("is ambiguous at column 9: quote a name containing '-'");
        assertThat(Objective.parse("a - b").weights()).containsEntry("b", -1.0);
    }

    @Test
    void theShippedExampleLoads() {
        AblationSpec spec = SpecLoader.load(Path.of("../configs/examples/search.yaml"));
        SearchSpec search = spec.search();
        assertThat(search.name()).isEqualTo("code-text-markup");
        assertThat(search.domainNames()).containsExactly("text", "code", "markup");
        assertThat(search.swarmSize()).isEqualTo(16);
        assertThat(search.objective().weights()).containsOnlyKeys("text_bpb", "code_bpb");
        assertThat(spec.runs()).isEmpty();
    }
}
