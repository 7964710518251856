package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    @TempDir Path dir;

    private static final String SOURCES =
            """
            sources:
              - name: text
                kind: text
                inputs: data/text.jsonl
              - name: code
                kind: code
                inputs: data/code/*.jsonl.zst
            """;

    /** One 1M-token mixture 'm' and one model size 's', ready for a runs: section. */
    private static final String MIXTURE_AND_MODEL =
            SOURCES
                    + """
            mixtures:
              - {name: m, weights: {text: 1}, budget: 1M}
            models:
              s: {d_model: 8, n_layers: 1, n_heads: 1}
            """;

    private AblationSpec load(String yaml) {
        return SpecText.load(dir, yaml);
    }

    private SpecException failure(String yaml) {
        return SpecText.rejection(dir, yaml);
    }

    /** The rejection of {@link #MIXTURE_AND_MODEL} with {@code runs} (its list items) as runs. */
    private SpecException runsFailure(String runs) {
        return failure(MIXTURE_AND_MODEL + "runs:\n" + runs.indent(2));
    }

    /**
     * The rejection of a spec with one source {@code name} of its own kind reading {@code a}, with
     * {@code keys} (YAML lines) added under it from line 5 on.
     */
    private SpecException oneSourceFailure(String name, String keys) {
        return failure(
                "sources:\n  - name: %s\n    kind: %s\n    inputs: a\n".formatted(name, name)
                        + keys.indent(4));
    }

    @Test
    void sweepExpandsIntoMixturesWithExactShares() {
        AblationSpec spec =
                load(
                        SOURCES
                                + """
                sweeps:
                  - name: code
                    values: [0, 0.25, 0.5, 0.75, 0.9, 1.0]
                    swept: {code: 1.0}
                    rest: {text: 1.0}
                    budget: 200B
                """);
        assertThat(spec.mixtures())
                .extracting(MixtureSpec::name)
                .containsExactly("code-0", "code-25", "code-50", "code-75", "code-90", "code-100");
        assertThat(spec.mixtures())
                .extracting(spec::codeShare)
                .containsExactly(0.0, 0.25, 0.5, 0.75, 0.9, 1.0);
        assertThat(spec.mixture("code-0").orElseThrow().weights()).containsOnlyKeys("text");
        assertThat(spec.mixture("code-25").orElseThrow().budgetTokens())
                .isEqualTo(200_000_000_000L);
        assertThat(spec.mixture("code-75").orElseThrow().origin()).isEqualTo("code");
    }

    @Test
    void sweepVariantsWeightSourcesWithinTheSweptShare() {
        AblationSpec spec =
                load(
                        """
                sources:
                  - {name: text, kind: text, inputs: t}
                  - {name: code, kind: code, inputs: c}
                  - {name: markup, kind: markup, inputs: m}
                sweeps:
                  - name: q
                    values: [0.5]
                    variants:
                      web: {code: 1.0}
                      markup: {code: 0.8, markup: 0.2}
                    rest: {text: 1}
                    budget: 1M
                """);
        MixtureSpec markup = spec.mixture("q-markup-50").orElseThrow();
        assertThat(markup.weights()).containsEntry("text", 0.5).containsEntry("markup", 0.1);
        assertThat(markup.weights().get("code"))
                .isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(spec.sharesByKind(markup)).containsEntry("markup", 0.1);
        assertThat(spec.mixture("q-web-50")).isPresent();
    }

    @Test
    void recipesExpandPerModelAndSeedInDependencyOrderWithCooldown() {
        AblationSpec spec =
                load(
                        SOURCES
                                + """
                mixtures:
                  - {name: text90, weights: {text: 0.9, code: 0.1}}
                  - {name: balanced, weights: {text: 0.5, code: 0.5}}
                  - {name: cool, weights: {text: 0.8, code: 0.2}}
                models:
                  small: {d_model: 64, n_layers: 2, n_heads: 2}
                  big: {d_model: 128, n_layers: 4, n_heads: 4}
                runs:
                  - name: continued
                    models: [small]
                    seeds: [1, 2]
                    phases:
                      - {mixture: text90, tokens: 20M, init_from: base/pretrain}
                  - name: base
                    models: [small, big]
                    seeds: [1, 2]
                    phases:
                      - {name: pretrain, mixture: balanced, tokens: 10M}
                      - {name: continue, mixture: text90, tokens: 10M, lr: {schedule: linear, warmup_steps: 0}}
                    cooldown: {mixture: cool, fraction: 0.1}
                """);
        List<String> ids = spec.runs().stream().map(RunSpec::id).toList();
        assertThat(ids.indexOf("base-small-s1")).isLessThan(ids.indexOf("continued-small-s1"));
        assertThat(ids).contains("base-big-s2", "base-cooldown-small-s1", "base-cooldown-big-s2");
        RunSpec continued = spec.runs().get(ids.indexOf("continued-small-s2"));
        assertThat(continued.initFrom())
                .isEqualTo(new PhaseSpec.PhaseRef("base-small-s2", "pretrain"));
        RunSpec cooldown = spec.runs().get(ids.indexOf("base-cooldown-small-s1"));
        assertThat(cooldown.phases())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.tokens()).isEqualTo(2_000_000L);
                            assertThat(p.lr().kind()).isEqualTo("linear");
                            assertThat(p.lr().min()).isEqualTo(1e-6);
                            assertThat(p.initFrom())
                                    .isEqualTo(new PhaseSpec.PhaseRef("base-small-s1", "continue"));
                        });
        // No budget written: the largest phase that uses the mixture.
        assertThat(spec.mixture("text90").orElseThrow().budgetTokens()).isEqualTo(20_000_000L);
        assertThat(spec.mixture("cool").orElseThrow().budgetTokens()).isEqualTo(2_000_000L);
    }

    @Test
    void weightsNotSummingToOneNameTheLine() {
        SpecException e =
                failure(
                        SOURCES
                                + """
                mixtures:
                  - name: m
                    weights: {text: 0.6, code: 0.3}
                    budget: 1M
                """);
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.getMessage())
                .contains("spec.yaml:10:")
                .contains("mixtures[0].weights")
                .contains("sum to 0.9");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        SpecException e =
                failure(
                        SOURCES
                                + """
                mixtures:
                  - name: m
                    wieghts: {text: 1.0}
                    budget: 1M
                """);
        assertThat(e.getMessage())
                .contains("unknown key 'wieghts'")
                .contains("did you mean 'weights'?");
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.column()).isEqualTo(5);
    }

    @Test
    void badIndentationIsASyntaxErrorAtItsLine() {
        SpecException e =
                failure(
                        """
                name: x
                sources:
                  - name: text
                    kind: text
                   inputs: a
                """);
        assertThat(e.getMessage()).contains("YAML syntax error");
        assertThat(e.line()).isBetween(4, 5);
    }

    @Test
    void budgetsMustBePositive() {
        assertThat(
                        failure(
                                        SOURCES
                                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: -5M}\n")
                                .getMessage())
                .contains("must be positive")
                .contains(":9:");
        assertThat(
                        failure(
                                        SOURCES
                                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 0}\n")
                                .getMessage())
                .contains("must be positive");
        assertThat(
                        failure(
                                        SOURCES
                                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 12Q}\n")
                                .getMessage())
                .contains("not a token count");
    }

    @Test
    void unknownSourceInWeightsIsNamedWithSuggestion() {
        SpecException e =
                failure(SOURCES + "mixtures:\n  - {name: m, weights: {txet: 1}, budget: 1M}\n");
        assertThat(e.getMessage())
                .contains("unknown source 'txet'")
                .contains("did you mean 'text'?");
    }

    @Test
    void cyclicInitFromIsRejected() {
        SpecException e =
                runsFailure(
                        """
                - {name: a, models: [s], phases: [{name: p, mixture: m, tokens: 1M, init_from: b/p}]}
                - {name: b, models: [s], phases: [{name: p, mixture: m, tokens: 1M, init_from: a/p}]}
                """);
        assertThat(e.getMessage()).contains("cycle").contains("a → b → a");
    }

    @Test
    void initFromMustNameAnExistingPhase() {
        SpecException e =
                runsFailure(
                        """
                - {name: a, models: [s], phases: [{name: pretrain, mixture: m, tokens: 1M}]}
                - {name: b, models: [s], phases: [{mixture: m, tokens: 1M, init_from: a/pretrian}]}
                """);
        assertThat(e.getMessage())
                .contains("has no phase 'pretrian'")
                .contains("did you mean 'pretrain'?");
    }

    @Test
    void phaseCannotUseMoreTokensThanItsMixtureBudget() {
        SpecException e =
                runsFailure(
                        """
                - {name: a, models: [s], phases: [{mixture: m, tokens: 2M}]}
                """);
        assertThat(e.getMessage())
                .contains("phase 'pretrain' of run 'a' needs 977 rows of mixture 'm'")
                .contains("its budget 1M (line 9) makes 489 rows, 489 left")
                .contains("new_epoch: true");
    }

    /**
     * A continue phase and a cooldown on one mixture read disjoint rows, so the mixture's budget
     * must hold both; new_epoch lets the second start a new pass instead.
     */
    @Test
    void phasesOfOneLineageReadDisjointRowsOfTheirMixture() {
        String runs =
                """
                models:
                  s: {d_model: 8, n_layers: 1, n_heads: 1}
                runs:
                  - name: a
                    models: [s]
                    seeds: [1, 2]
                    phases:
                      - {name: pretrain, mixture: m, tokens: 1000}
                      - {name: continue, mixture: t, tokens: 2000}
                    cooldown: {mixture: t, fraction: 0.25%s}
                """;
        SpecException tooSmall =
                failure(
                        SOURCES
                                + "seq_len: 128\n"
                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 1000}\n"
                                + "  - {name: t, weights: {text: 1}, budget: 2000}\n"
                                + runs.formatted(""));
        assertThat(tooSmall.getMessage())
                .contains("phase 'cooldown' of run 'a-cooldown' needs 6 rows of mixture 't'")
                .contains(
                        "after the 16 rows its lineage read before it (a-s-s1/continue rows 0–15)")
                .contains("raise the budget to at least 2816 tokens");

        AblationSpec spec =
                load(
                        SOURCES
                                + "seq_len: 128\n"
                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 1000}\n"
                                + "  - {name: t, weights: {text: 1}}\n"
                                + runs.formatted(""));
        DataOrder order = spec.dataOrder();
        assertThat(order.range("a-s-s2", "pretrain").describe()).isEqualTo("0–7");
        assertThat(order.range("a-s-s2", "continue").describe()).isEqualTo("0–15");
        assertThat(order.range("a-cooldown-s-s2", "cooldown").describe()).isEqualTo("16–21");
        // Without a budget, t holds what its lineage reads: 22 rows.
        assertThat(spec.mixture("t").orElseThrow().budgetTokens()).isEqualTo(16 * 128 + 750);

        AblationSpec again =
                load(
                        SOURCES
                                + "seq_len: 128\n"
                                + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 1000}\n"
                                + "  - {name: t, weights: {text: 1}, budget: 2000}\n"
                                + runs.formatted(", new_epoch: true"));
        assertThat(again.dataOrder().range("a-cooldown-s-s1", "cooldown").newEpoch()).isTrue();
    }

    @Test
    void seedsMustBeWholeNumbers() {
        for (String seeds : List.of("[1, x]", "[1.5]", "[[1]]", "abc")) {
            SpecException e =
                    failure(
                            MIXTURE_AND_MODEL
                                    + """
                    runs:
                      - {name: a, models: [s], seeds: %s, phases: [{mixture: m, tokens: 1M}]}
                    """
                                            .formatted(seeds));
            assertThat(e.getMessage()).as(seeds).matches("(?s).*\\.yaml:\\d+:\\d+: .*seeds.*");
        }
    }

    @Test
    void unknownMixtureModelAndTokenizerAreNamed() {
        String base = MIXTURE_AND_MODEL;
        assertThat(
                        failure(
                                        base
                                                + "runs:\n  - {name: a, models: [s], phases: [{mixture: n, tokens: 1M}]}\n")
                                .getMessage())
                .contains("unknown mixture 'n'");
        assertThat(
                        failure(
                                        base
                                                + "runs:\n  - {name: a, models: [xl], phases: [{mixture: m, tokens: 1M}]}\n")
                                .getMessage())
                .contains("unknown model size 'xl'");
        assertThat(failure("tokenizer: o200k\n" + base).getMessage())
                .contains("did you mean 'o200k_base'?");
        assertThat(failure("tokenizer: tok/missing.json\n" + base).getMessage())
                .contains("does not exist");
    }

    @Test
    void modelHeadsMustDivideWidth() {
        SpecException e =
                failure(SOURCES + "models:\n  s: {d_model: 10, n_layers: 1, n_heads: 3}\n");
        assertThat(e.getMessage()).contains("models.s").contains("n_heads");
    }

    @Test
    void nearDedupSettingsAreCheckedTogether() {
        SpecException e =
                oneSourceFailure("text", "dedup: {near: {bands: 10, rows: 8, permutations: 100}}");
        assertThat(e.getMessage()).contains("bands × rows = 80 but permutations = 100");
        assertThat(e.key()).isEqualTo("sources[0].dedup.near.permutations");
    }

    @Test
    void filtersAreCheckedAgainstTheCatalogIncludingWhatEachStepNeeds() {
        SpecException typo = oneSourceFailure("text", "filters:\n  gopher_quality: {min_word: 10}");
        assertThat(typo.getMessage())
                .contains("spec.yaml:6:")
                .contains("did you mean 'min_words'?");
        SpecException needsLanguageId =
                oneSourceFailure("code", "filters: {language: {keep: [en]}}");
        assertThat(needsLanguageId.getMessage())
                .contains(
                        "filter 'language' needs 'language_id', which is off for this code source")
                .contains("add language_id: true");
        assertThat(needsLanguageId.key()).isEqualTo("sources[0].filters");
    }

    @Test
    void piiIsShorthandForTheCatalogStepAndAFiltersEntryWins() {
        AblationSpec spec =
                load(
                        """
                sources:
                  - {name: text, kind: text, inputs: a, pii: true}
                  - {name: code, kind: code, inputs: b}
                  - {name: quiet, kind: code, inputs: c, pii: false}
                  - {name: both, kind: code, inputs: d, pii: true, filters: {pii: {kinds: [email]}}}
                """);
        assertThat(spec.source("text").orElseThrow().steps()).containsEntry("pii", true);
        assertThat(spec.source("code").orElseThrow().steps()).doesNotContainKey("pii");
        assertThat(spec.source("code").orElseThrow().redactsPii()).isTrue();
        assertThat(spec.source("quiet").orElseThrow().redactsPii()).isFalse();
        assertThat(spec.source("both").orElseThrow().steps().get("pii"))
                .isEqualTo(java.util.Map.of("kinds", List.of("email")));
    }

    @Test
    void duplicateNamesAndKeysAreRejected() {
        assertThat(
                        failure(
                                        "sources:\n  - {name: a, kind: text, inputs: x}\n  - {name: a, kind: code, inputs: y}\n")
                                .getMessage())
                .contains("source name 'a' is already used");
        assertThat(
                        failure(
                                        "seq_len: 5\nseq_len: 6\nsources:\n  - {name: a, kind: text, inputs: x}\n")
                                .getMessage())
                .contains("duplicate key");
    }

    @Test
    void inputsResolveRelativeToTheSpecFile() throws Exception {
        Files.createDirectories(dir.resolve("data/code"));
        Files.writeString(dir.resolve("data/text.jsonl"), "{}\n");
        Files.writeString(dir.resolve("data/code/a.jsonl.zst"), "");
        Files.writeString(dir.resolve("data/code/b.jsonl.zst"), "");
        Files.writeString(dir.resolve("data/code/c.txt"), "");
        AblationSpec spec = load(SOURCES);
        assertThat(InputFiles.resolve(spec.source("code").orElseThrow()))
                .containsExactly(
                        dir.resolve("data/code/a.jsonl.zst"), dir.resolve("data/code/b.jsonl.zst"));
        assertThat(InputFiles.unmatched(spec.source("text").orElseThrow())).isEmpty();
        Files.delete(dir.resolve("data/text.jsonl"));
        assertThat(InputFiles.unmatched(spec.source("text").orElseThrow()))
                .containsExactly("data/text.jsonl");
    }

    @Test
    void shippedConfigsLoad() {
        AblationSpec quick = SpecLoader.load(Path.of("../configs/quickstart.yaml"));
        assertThat(quick.mixtures())
                .extracting(quick::codeShare)
                .containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        // configs/examples/seeds.yaml: two code shares × seeds 1, 2, 3.
        AblationSpec seeds = SpecLoader.load(Path.of("../configs/examples/seeds.yaml"));
        assertThat(seeds.mixtures()).extracting(seeds::codeShare).containsExactly(0.0, 0.5);
        assertThat(seeds.runs()).extracting(RunSpec::seed).containsExactly(1L, 2L, 3L, 1L, 2L, 3L);
        AblationSpec paper = SpecLoader.load(Path.of("../configs/paper/code-vs-text.yaml"));
        assertThat(paper.mixtures())
                .extracting(MixtureSpec::name)
                .contains(
                        "code-0",
                        "code-25",
                        "code-50",
                        "code-75",
                        "code-90",
                        "code-100",
                        "quality-synthetic-100");
        assertThat(paper.runs())
                .extracting(RunSpec::id)
                .contains(
                        "text-only-470M-s0",
                        "balanced-text-2.8B-s0",
                        "code-text-cooldown-470M-s0",
                        "sweep-code-90-2.8B-s0");
        RunSpec balancedText =
                paper.runs().stream()
                        .filter(r -> r.id().equals("balanced-text-470M-s0"))
                        .findFirst()
                        .orElseThrow();
        assertThat(balancedText.phases())
                .extracting(PhaseSpec::mixture)
                .containsExactly("balanced", "text-90");
        assertThat(paper.codeShare(paper.mixture("text-90").orElseThrow())).isEqualTo(0.1);
        assertThat(paper.codeShare(paper.mixture("cooldown").orElseThrow())).isEqualTo(0.2);
        assertThat(paper.mixture("cooldown").orElseThrow().budgetTokens())
                .isEqualTo(40_000_000_000L);
    }

    /** Issue 14: training seeds are whole numbers; anything else is a spec error at its line. */
    @Test
    void seedsMustBeAListOfWholeNumbers() {
        String runs =
                SOURCES
                        + """
                mixtures:
                  - {name: m, weights: {text: 0.5, code: 0.5}, budget: 1M}
                models:
                  tiny: {d_model: 64, n_layers: 2, n_heads: 2}
                runs:
                  - name: r
                    models: [tiny]
                    seeds: %s
                    phases: [{mixture: m, tokens: 1M}]
                """;
        for (String bad : List.of("[1, 2.5]", "[1, two]", "[[1, 2]]", "{a: 1}", "[]", "[3, 3]")) {
            SpecException e = failure(runs.formatted(bad));
            assertThat(e.getMessage()).as(bad).contains("spec.yaml:15:").contains("seeds");
        }
        assertThat(failure(runs.formatted("[1, 2.5]")).getMessage())
                .contains("expected a whole number, found '2.5'");
        // A single seed may be written without brackets.
        assertThat(load(runs.formatted("7")).runs())
                .extracting(RunSpec::id)
                .containsExactly("r-tiny-s7");
        assertThat(load(runs.formatted("[1, 2, 3]")).runs())
                .extracting(RunSpec::seed)
                .containsExactly(1L, 2L, 3L);
    }

    /**
     * Issue 12, point 8: {@code seq_len: 2000000000} passed plan and then ran {@code mix} out of
     * memory. Sizes are bounded where they are validated.
     */
    @Test
    void sizesAreBoundedAtValidation() {
        String base = MIXTURE_AND_MODEL;
        SpecException seqLen = failure("seq_len: 2000000000\n" + base);
        assertThat(seqLen.getMessage())
                .contains(
                        "spec.yaml:1:10: seq_len: seq_len must be between 1 and 131,072 tokens, found 2,000,000,000");
        assertThat(load("seq_len: 131072\n" + base).seqLen()).isEqualTo(131_072);
        assertThat(failure("training: {batch_size: 1000000000}\n" + base).getMessage())
                .contains("training.batch_size: batch_size must be between 1 and 65,536");
        assertThat(failure(base.replace("budget: 1M", "budget: 1e18")).getMessage())
                .contains(
                        "mixtures[0].budget: '1e18' tokens is more than the limit of 1000T tokens");
        // Rejected before it is expanded digit by digit.
        assertThat(failure(base.replace("budget: 1M", "budget: 1e999999999")).getMessage())
                .contains("more than the limit");
        assertThat(failure(base.replace("budget: 1M", "budget: 1e-999999999")).getMessage())
                .contains("not a whole number");
        assertThat(failure(base.replace("d_model: 8", "d_model: 1000000")).getMessage())
                .contains(
                        "models.s.d_model: d_model must be between 1 and 65,536, found 1,000,000");
    }
}
