package dev.mixlab.filters.decontaminate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.filters.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file formats an evaluation set can be read from. Every format is line-based; a line that is
 * not what the format needs stops the load with {@code file:line} and what is missing.
 */
public enum EvalSetFormat {
    /**
     * mixlab's multiple-choice task files ({@code context}, {@code choices}, {@code gold}): the
     * item is the context followed by the gold choice, its id the question's position.
     */
    TASKS("tasks"),
    /**
     * lm-eval-harness {@code --log_samples} JSONL: the item is every string in the record's {@code
     * doc} object (question, passage, choices…), its id the record's {@code doc_id}.
     */
    LM_EVAL_SAMPLES("lm-eval-samples"),
    /**
     * HumanEval / MBPP-style JSONL: {@code prompt} + {@code canonical_solution} + {@code test}
     * (HumanEval) or {@code text} + {@code code} + {@code test_list} (MBPP), whichever are present;
     * id {@code task_id} when given.
     */
    CODE_PROBLEMS("code-problems"),
    /** Plain text, one item per non-blank line; id its line number. */
    TEXT("text");

    public static final List<String> NAMES =
            List.of("tasks", "lm-eval-samples", "code-problems", "text");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CODE_FIELDS =
            List.of("prompt", "canonical_solution", "test", "text", "code", "test_list");

    private final String yamlName;

    EvalSetFormat(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static EvalSetFormat of(String name) {
        for (EvalSetFormat format : values()) if (format.yamlName.equals(name)) return format;
        throw new IllegalArgumentException(
                "unknown evaluation set format '"
                        + name
                        + "'"
                        + Suggestions.didYouMean(name, NAMES)
                        + "; use one of "
                        + NAMES);
    }

    /** The items of {@code files}, in file then line order, numbered from 0 across the files. */
    public List<EvalItem> read(String set, List<Path> files) {
        List<EvalItem> items = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int number = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    number++;
                    if (line.isBlank()) continue;
                    String where = file + ":" + number;
                    items.add(item(set, items.size(), line, where));
                }
            } catch (IOException e) {
                throw new EvalSetException(
                        "cannot read evaluation set '" + set + "' file " + file + ": " + e, e);
            }
        }
        return items;
    }

    private EvalItem item(String set, int position, String line, String where) {
        if (this == TEXT)
            return new EvalItem(set, Integer.toString(position), position, line, where);
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw invalid(where, "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node != null && node.isObject())) throw invalid(where, "not a JSON object");
        return switch (this) {
            case TASKS -> task(set, position, node, where);
            case LM_EVAL_SAMPLES -> sample(set, node, where);
            case CODE_PROBLEMS -> codeProblem(set, position, node, where);
            case TEXT -> throw new IllegalStateException();
        };
    }

    private static EvalItem task(String set, int position, JsonNode node, String where) {
        if (!node.path("context").isTextual())
            throw invalid(where, "\"context\" must be a string (format tasks)");
        JsonNode choices = node.path("choices");
        JsonNode gold = node.path("gold");
        if (!choices.isArray()
                || !gold.canConvertToInt()
                || gold.asInt() < 0
                || gold.asInt() >= choices.size()
                || !choices.get(gold.asInt()).isTextual()) {
            throw invalid(
                    where,
                    "\"choices\" must be a list of strings and \"gold\" the index of the right one"
                            + " (format tasks)");
        }
        String text = node.get("context").asText() + "\n" + choices.get(gold.asInt()).asText();
        return new EvalItem(set, Integer.toString(position), position, text, where);
    }

    private static EvalItem sample(String set, JsonNode node, String where) {
        JsonNode docId = node.get("doc_id");
        if (docId == null || !docId.canConvertToLong())
            throw invalid(where, "\"doc_id\" must be an integer (format lm-eval-samples)");
        JsonNode doc = node.get("doc");
        if (doc == null || !doc.isObject())
            throw invalid(
                    where,
                    "\"doc\" must be the example's object; run lm-eval with --log_samples"
                            + " (format lm-eval-samples)");
        StringBuilder text = new StringBuilder();
        strings(doc, text);
        if (text.isEmpty()) throw invalid(where, "\"doc\" holds no text (format lm-eval-samples)");
        return new EvalItem(set, docId.asText(), docId.asLong(), text.toString(), where);
    }

    private static void strings(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            if (!out.isEmpty()) out.append('\n');
            out.append(node.asText());
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) strings(child, out);
        }
    }

    private static EvalItem codeProblem(String set, int position, JsonNode node, String where) {
        StringBuilder text = new StringBuilder();
        for (String field : CODE_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null) strings(value, text);
        }
        if (text.isEmpty())
            throw invalid(
                    where,
                    "no text in any of "
                            + CODE_FIELDS
                            + " (format code-problems: HumanEval's prompt/canonical_solution/test or"
                            + " MBPP's text/code/test_list)");
        JsonNode taskId = node.get("task_id");
        String id =
                taskId != null && taskId.isValueNode()
                        ? taskId.asText()
                        : Integer.toString(position);
        return new EvalItem(set, id, position, text.toString(), where);
    }

    private static EvalSetException invalid(String where, String problem) {
        return new EvalSetException(where + ": " + problem);
    }
}
