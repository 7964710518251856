package dev.mixlab.eval.importers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mixlab.eval.EvalInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON as the Python harnesses write it (Python's json module writes NaN and Infinity), with errors
 * that name the file.
 */
final class JsonFiles {
    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private JsonFiles() {}

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new EvalInputException(
                    file, "not valid JSON (" + location(e) + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One line of a JSONL file; {@code lineNumber} is 1-based, for the message. */
    static JsonNode readLine(Path file, int lineNumber, String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new EvalInputException(
                    file,
                    "line " + lineNumber + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * A number, or null for JSON null, the harness's {@code "N/A"} and NaN; anything else is an
     * error naming {@code where}.
     */
    static Double optionalNumber(Path file, String where, JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isNumber()) {
            double value = node.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        if (node.isTextual() && node.textValue().equals("N/A")) return null;
        throw new EvalInputException(file, where + ": expected a number or \"N/A\", found " + node);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? ""
                : "line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ": ";
    }
}
