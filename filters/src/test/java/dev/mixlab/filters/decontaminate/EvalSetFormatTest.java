package dev.mixlab.filters.decontaminate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalSetFormatTest {
    @TempDir Path dir;

    /** The items {@code format} reads from a file {@code name} holding {@code content}. */
    private List<EvalItem> read(EvalSetFormat format, String name, String content)
            throws Exception {
        return format.read(name, List.of(Files.writeString(dir.resolve(name), content)));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsEveryFormatIntoItemsWithIdsAndText() throws Exception {
        List<EvalItem> tasks =
                read(
                        EvalSetFormat.TASKS,
                        "t.jsonl",
                        "{\"context\": \"Q one\", \"choices\": [\"a\", \"b\"], \"gold\": 1}\n\n"
                                + "{\"context\": \"Q two\", \"choices\": [\"c\", \"d\"], \"gold\": 0}\n");
        assertThat(tasks)
                .extracting(EvalItem::id, EvalItem::docId, EvalItem::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0", 0L, "Q one\nb"),
                        org.assertj.core.groups.Tuple.tuple("1", 1L, "Q two\nc"));
        assertThat(tasks.get(1).location()).endsWith("t.jsonl:3");

        List<EvalItem> samples =
                read(
                        EvalSetFormat.LM_EVAL_SAMPLES,
                        "s.jsonl",
                        "{\"doc_id\": 7, \"doc\": {\"question\": \"Why?\", \"choices\": [\"x\", \"y\"], \"label\": 1}, \"acc\": 1.0}\n");
        assertThat(samples.get(0).id()).isEqualTo("7");
        assertThat(samples.get(0).docId()).isEqualTo(7);
        assertThat(samples.get(0).text()).isEqualTo("Why?\nx\ny");

        List<EvalItem> code =
                read(
                        EvalSetFormat.CODE_PROBLEMS,
                        "c.jsonl",
                        "{\"task_id\": \"HumanEval/0\", \"prompt\": \"def f():\", \"canonical_solution\": \"  return 1\", \"test\": \"assert f() == 1\"}\n"
                                + "{\"task_id\": 11, \"text\": \"Write f.\", \"code\": \"def f(): pass\", \"test_list\": [\"assert f() is None\"]}\n");
        assertThat(code)
                .extracting(EvalItem::id, EvalItem::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "HumanEval/0", "def f():\n  return 1\nassert f() == 1"),
                        org.assertj.core.groups.Tuple.tuple(
                                "11", "Write f.\ndef f(): pass\nassert f() is None"));

        List<EvalItem> text = read(EvalSetFormat.TEXT, "p.txt", "one\n\ntwo\n");
        assertThat(text).extracting(EvalItem::text).containsExactly("one", "two");
    }

    @Test
    void aLineWithoutWhatItsFormatNeedsNamesFileAndLine() throws Exception {
        Path tasks =
                file(
                        "bad.jsonl",
                        "{\"context\": \"ok\", \"choices\": [\"a\"], \"gold\": 0}\n{\"question\": 1}\n");
        assertThatThrownBy(() -> EvalSetFormat.TASKS.read("t", List.of(tasks)))
                .isInstanceOf(dev.mixlab.filters.InvalidRequestException.class)
                .hasMessage(tasks + ":2: \"context\" must be a string (format tasks)");
        Path samples = file("s.jsonl", "{\"doc_id\": 1}\n");
        assertThatThrownBy(() -> EvalSetFormat.LM_EVAL_SAMPLES.read("s", List.of(samples)))
                .hasMessageStartingWith(samples + ":1: \"doc\" must be");
        Path code = file("c.jsonl", "not json\n");
        assertThatThrownBy(() -> EvalSetFormat.CODE_PROBLEMS.read("c", List.of(code)))
                .hasMessageStartingWith(code + ":1: not JSON");
        assertThatThrownBy(() -> EvalSetFormat.of("humaneval"))
                .hasMessageContaining("unknown evaluation set format 'humaneval'");
    }
}
