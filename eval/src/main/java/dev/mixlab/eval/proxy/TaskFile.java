package dev.mixlab.eval.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.eval.EvalInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A multiple-choice task file: JSONL, one question per line, {@code {"context": "...", "choices":
 * ["...", ...], "gold": <index>}}. The task is named after the file ({@link
 * dev.mixlab.mixtures.spec.EvalSpec#taskName}). A malformed line stops the evaluation with the
 * file, line and what is wrong.
 */
public final class TaskFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskFile() {}

    public static List<MultipleChoice.Question> read(Path file) {
        List<MultipleChoice.Question> questions = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read task file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new EvalInputException(where + "not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!node.path("context").isTextual())
                throw new EvalInputException(where + "\"context\" must be a string");
            if (!node.path("choices").isArray() || node.get("choices").size() < 2) {
                throw new EvalInputException(
                        where + "\"choices\" must be a list of at least two strings");
            }
            List<String> choices = new ArrayList<>();
            for (JsonNode c : node.get("choices")) {
                if (!c.isTextual())
                    throw new EvalInputException(
                            where + "every choice must be a string, found " + c);
                choices.add(c.asText());
            }
            JsonNode gold = node.path("gold");
            if (!gold.canConvertToInt() || gold.asInt() < 0 || gold.asInt() >= choices.size()) {
                throw new EvalInputException(
                        where
                                + "\"gold\" must be the index of the right choice (0.."
                                + (choices.size() - 1)
                                + "), found "
                                + gold);
            }
            questions.add(
                    new MultipleChoice.Question(
                            node.get("context").asText(), choices, gold.asInt()));
        }
        if (questions.isEmpty()) throw new EvalInputException(file + ": no questions");
        return questions;
    }

    /**
     * Writes {@code questions} as a task file, atomically: the proxy evaluation's generated probes
     * written this way can be named as a decontamination set (format {@code tasks}).
     */
    public static void write(Path file, List<MultipleChoice.Question> questions) {
        StringBuilder lines = new StringBuilder();
        for (MultipleChoice.Question q : questions) {
            com.fasterxml.jackson.databind.node.ObjectNode line = JSON.createObjectNode();
            line.put("context", q.context());
            q.choices().forEach(line.putArray("choices")::add);
            line.put("gold", q.gold());
            lines.append(line.toString()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent() + ": " + e, e);
        }
        dev.mixlab.io.Publish.file(file, lines.toString().getBytes(StandardCharsets.UTF_8));
    }
}
