package dev.mixlab.eval.categories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.mixtures.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategorySetTest {
    @TempDir Path dir;

    @Test
    void paperCategoriesAreTheStudysSuite() {
        CategorySet paper = CategorySet.paper();
        Category reasoning = paper.category("reasoning").orElseThrow();
        assertThat(reasoning.tasks())
                .extracting(TaskRef::label)
                .containsExactly(
                        "BoolQ",
                        "PIQA",
                        "SciQ",
                        "Social IQa",
                        "QuAC",
                        "CB",
                        "COPA",
                        "StoryCloze",
                        "HellaSwag",
                        "Winogrande",
                        "ARC-Easy");
        assertThat(reasoning.tasks())
                .allSatisfy(t -> assertThat(t.metrics()).startsWith("acc_norm", "acc"));
        assertThat(paper.category("knowledge").orElseThrow().tasks())
                .extracting(t -> t.names().get(0))
                .containsExactly("triviaqa", "nq_open");
        assertThat(paper.category("code").orElseThrow().tasks())
                .extracting(t -> t.names().get(0))
                .containsExactly("humaneval", "mbpp");
        assertThat(paper.category("generative").orElseThrow().metrics())
                .containsExactly("win_rate");
        assertThat(paper.summaries())
                .extracting(Summary::title, Summary::meanOf)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "NL Avg", java.util.List.of("reasoning", "knowledge")),
                        org.assertj.core.groups.Tuple.tuple(
                                "Total", java.util.List.of("reasoning", "knowledge", "code")));
        Category bpb = paper.category("bpb").orElseThrow();
        assertThat(bpb.proxy()).isTrue();
        assertThat(bpb.higherIsBetter()).isFalse();
        assertThat(bpb.taskPrefix()).isEqualTo("mixlab_bpb_");
        assertThat(paper.category("probes").orElseThrow().taskPrefix()).isEqualTo("mixlab_probe_");
        assertThat(paper.category("lang_bpb").orElseThrow().taskPrefix())
                .isEqualTo("mixlab_lang_bpb_");
        // Chance levels of multiple-choice tasks: what guessing among their choices scores.
        assertThat(reasoning.tasks())
                .filteredOn(t -> t.label().equals("BoolQ") || t.label().equals("HellaSwag"))
                .extracting(TaskRef::chance)
                .containsExactly(0.5, 0.25);
        assertThat(reasoning.tasks())
                .filteredOn(t -> t.label().equals("QuAC"))
                .extracting(TaskRef::chance)
                .containsOnlyNulls();
        assertThat(paper.category("probes").orElseThrow().chance()).isEqualTo(0.25);
        assertThat(bpb.chance()).isNull();
    }

    @Test
    void readsACustomFileRelativeToTheSpec() throws Exception {
        Files.writeString(
                dir.resolve("mine.yaml"),
                """
                categories:
                  math:
                    metrics: [exact_match]
                    tasks:
                      GSM8K: {task: gsm8k, metrics: ["exact_match,strict-match"]}
                summaries:
                  all: {mean_of: [math]}
                """);
        CategorySet set = CategorySet.load("mine.yaml", dir);
        assertThat(set.category("math").orElseThrow().tasks().get(0).metrics())
                .containsExactly("exact_match,strict-match");
        assertThat(set.source()).endsWith("mine.yaml");
    }

    @Test
    void invalidFilesNameFileLineAndFix() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                "categories:\n  math:\n    metrics: [exact_match]\n    tasks: {GSM8K: gsm8k}\nsummaries:\n  all: {mean_of: [math, code]}\n");
        assertThatThrownBy(() -> CategorySet.load(file.toString(), null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("bad.yaml:6:")
                .hasMessageContaining("'code' is not a category");

        Files.writeString(file, "categories:\n  math:\n    taks: {GSM8K: gsm8k}\n");
        assertThatThrownBy(() -> CategorySet.load(file.toString(), null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("bad.yaml:3:")
                .hasMessageContaining("did you mean 'tasks'");

        Files.writeString(file, "categories:\n  math:\n    title: Math\n");
        assertThatThrownBy(() -> CategorySet.load(file.toString(), null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("bad.yaml:3:")
                .hasMessageContaining("needs either tasks or task_prefix");

        Files.writeString(
                file,
                "categories:\n  mc:\n    metrics: [acc]\n    tasks:\n      Quiz: {task: quiz, chance: 25}\n");
        assertThatThrownBy(() -> CategorySet.load(file.toString(), null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("bad.yaml:5:")
                .hasMessageContaining("chance must be a fraction in [0, 1)");
    }
}
