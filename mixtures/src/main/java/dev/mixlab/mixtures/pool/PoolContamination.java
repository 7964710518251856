package dev.mixlab.mixtures.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.decontaminate.EvalIndex.ItemContamination;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool's reverse index of benchmark contamination, {@code contamination.jsonl}: one line per
 * evaluation item of every set that applied to the pool, {@code {"set", "item", "doc_id", "docs"}}
 * where {@code docs} is how many of the source's documents (after exact dedup, before the filters)
 * shared an n-gram with the item. Absent when no set applied.
 */
public final class PoolContamination {
    public static final String FILE_NAME = "contamination.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolContamination() {}

    public static void write(Writer out, List<ItemContamination> items) throws IOException {
        for (ItemContamination item : items) {
            ObjectNode line = JSON.createObjectNode();
            line.put("set", item.set());
            line.put("item", item.item());
            line.put("doc_id", item.docId());
            line.put("docs", item.docs());
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
        }
    }

    /** The index of the pool in {@code poolDir}, or an empty list when it has none. */
    public static List<ItemContamination> read(Path poolDir) {
        Path file = poolDir.resolve(FILE_NAME);
        List<ItemContamination> items = new ArrayList<>();
        if (!Files.isRegularFile(file)) return items;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) continue;
                JsonNode node = JSON.readTree(line);
                if (!node.path("set").isTextual() || !node.path("docs").canConvertToLong())
                    throw new IllegalStateException(
                            file + ":" + number + ": not a contamination record: " + line);
                items.add(
                        new ItemContamination(
                                node.get("set").asText(),
                                node.path("item").asText(),
                                node.path("doc_id").asLong(),
                                node.get("docs").asLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return items;
    }
}
