package dev.mixlab.pipelines.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.mixlab.filters.Document;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.mixtures.spec.InputFormat;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * JSONL, JSONL.gz and JSONL.zst: one JSON object per line; the text and id fields come from the
 * source's field mapping. Every other top-level scalar field and the scalar fields of a {@code
 * metadata} object become document metadata under their own names (the object's win on a clash),
 * and the mapping's metadata fields under the names it gives them. A plain file may be read as a
 * byte range: a line belongs to the range holding its first byte.
 */
final class JsonlCorpusReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlCorpusReader() {}

    static void read(ReadTask task, FieldMapping fields, ReadLimits limits, ReadSink sink) {
        Path path = StoragePaths.of(task.path());
        String name = path.getFileName().toString();
        long lineNumber = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            long start = task.start();
            if (start > 0) channel.position(start - 1);
            InputStream raw = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            InputStream in =
                    switch (task.format()) {
                        case JSONL_GZ -> new GZIPInputStream(raw, 1 << 16);
                        case JSONL_ZST -> new ZstdInputStream(raw);
                        default -> raw;
                    };
            LineInput lines = new LineInput(in, limits.maxDocumentBytes(), Math.max(0, start - 1));
            if (start > 0)
                lines.next(); // the line holding byte start-1 belongs to the previous range
            long end = task.end() < 0 ? Long.MAX_VALUE : task.end();
            LineInput.Line line;
            while (lines.position() < end && (line = lines.next()) != null) {
                lineNumber++;
                String location =
                        task.wholeFile()
                                ? task.path() + ":" + lineNumber
                                : task.path() + "@" + line.startOffset();
                if (line.totalLength() == 0) {
                    sink.skip(location, "read.blank_line");
                    continue;
                }
                if (!sink.withinLimits(task, location, line.totalLength(), limits)) continue;
                parseLine(task, fields, name, lineNumber, location, line, sink);
            }
        } catch (EOFException e) {
            sink.quarantine(
                    task,
                    task.path() + ":" + (lineNumber + 1),
                    "read.truncated_input",
                    "the compressed stream ends early ("
                            + e.getMessage()
                            + "); lines before it were read");
        } catch (IOException e) {
            boolean truncated = String.valueOf(e.getMessage()).toLowerCase().contains("truncated");
            sink.quarantine(
                    task,
                    task.path() + (lineNumber > 0 ? ":" + (lineNumber + 1) : ""),
                    truncated
                            ? "read.truncated_input"
                            : lineNumber == 0 ? "read.unreadable_file" : "read.io_error",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void parseLine(
            ReadTask task,
            FieldMapping fields,
            String fileName,
            long lineNumber,
            String location,
            LineInput.Line line,
            ReadSink sink) {
        String json =
                sink.decodeOrQuarantine(
                        task, location, line.bytes(), 0, line.length(), " of the line");
        if (json == null) return;
        JsonNode record;
        try {
            record = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            sink.quarantine(task, location, "read.malformed_json", e.getOriginalMessage());
            return;
        }
        if (record == null || !record.isObject()) {
            sink.quarantine(task, location, "read.malformed_json", "the line is not a JSON object");
            return;
        }
        JsonNode text = record.get(fields.text());
        if (text == null || text.isNull()) {
            sink.quarantine(
                    task,
                    location,
                    "read.missing_text_field",
                    "no field '" + fields.text() + "' (set fields.text in the source)");
            return;
        }
        if (!text.isTextual()) {
            sink.quarantine(
                    task,
                    location,
                    "read.text_not_a_string",
                    "field '" + fields.text() + "' is " + text.getNodeType().name().toLowerCase());
            return;
        }
        JsonNode id = record.get(fields.id());
        String documentId =
                id != null && (id.isTextual() || id.isNumber())
                        ? id.asText()
                        : fileName + ":" + lineNumber;
        Map<String, String> metadata = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            String key = field.getKey();
            if (key.equals(fields.text()) || key.equals(fields.id()) || key.equals("metadata"))
                continue;
            putScalar(metadata, key, field.getValue());
        }
        JsonNode meta = record.get("metadata");
        if (meta != null && meta.isObject()) {
            for (Map.Entry<String, JsonNode> e : meta.properties())
                putScalar(metadata, e.getKey(), e.getValue());
        }
        fields.metadata()
                .forEach(
                        (key, field) -> {
                            JsonNode value = record.get(field);
                            if (value != null && value.isValueNode() && !value.isNull())
                                metadata.put(key, value.asText());
                        });
        metadata.put(DocumentLocation.KEY, location);
        sink.document(
                new Document(
                        documentId,
                        task.source(),
                        task.kind(),
                        text.textValue(),
                        DocumentMetadata.normalise(metadata)));
    }

    private static void putScalar(Map<String, String> metadata, String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) metadata.put(key, value.asText());
    }

    /**
     * The keys of the first record of a JSONL file, or an empty set when it cannot be read (the
     * reader then quarantines what it finds).
     */
    static Set<String> firstRecordKeys(Path path, InputFormat format) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                InputStream in =
                        switch (format) {
                            case JSONL_GZ -> new GZIPInputStream(raw, 1 << 16);
                            case JSONL_ZST -> new ZstdInputStream(raw);
                            default -> raw;
                        };
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) continue;
                JsonNode record = JSON.readTree(line);
                Set<String> keys = new LinkedHashSet<>();
                if (record != null && record.isObject())
                    record.fieldNames().forEachRemaining(keys::add);
                return keys;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or malformed: the reader quarantines it with its reason
        }
        return Set.of();
    }

    /** Whether a file of this format can be read in byte ranges. */
    static boolean splittable(InputFormat format) {
        return format == InputFormat.JSONL;
    }
}
