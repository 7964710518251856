package dev.mixlab.mixtures.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.io.Publish;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pool's {@code stats.json}: what mixing needs (token and document counts per split, the
 * tokenizer and its end-of-sequence id) plus whatever else curation records (kept/dropped counts by
 * reason…), kept verbatim in {@code extra}.
 *
 * @param tokenizer the tokenizer's identity as curation wrote it (an encoding name or a
 *     fingerprint); pools mixed together must agree on it
 * @param eosId the end-of-sequence id appended to every document
 */
public record PoolStats(
        long trainTokens,
        long trainDocuments,
        long validationTokens,
        long validationDocuments,
        String tokenizer,
        int eosId,
        Map<String, JsonNode> extra) {
    public static final String FILE_NAME = "stats.json";
    private static final List<String> KNOWN_FIELDS =
            List.of(
                    "train_tokens",
                    "train_documents",
                    "validation_tokens",
                    "validation_documents",
                    "tokenizer",
                    "eos_id");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PoolStats {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (trainTokens < 0
                || trainDocuments < 0
                || validationTokens < 0
                || validationDocuments < 0) {
            throw new IllegalArgumentException(
                    "pool counts must be ≥ 0, found train "
                            + trainTokens
                            + " tokens / "
                            + trainDocuments
                            + " documents, validation "
                            + validationTokens
                            + " tokens / "
                            + validationDocuments
                            + " documents");
        }
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        for (String field : KNOWN_FIELDS) {
            if (extra.containsKey(field))
                throw new IllegalArgumentException(
                        "extra stats must not repeat the field '" + field + "'");
        }
    }

    public long tokens(PoolRecord.Split split) {
        return split == PoolRecord.Split.TRAIN ? trainTokens : validationTokens;
    }

    public long documents(PoolRecord.Split split) {
        return split == PoolRecord.Split.TRAIN ? trainDocuments : validationDocuments;
    }

    public static PoolStats read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read pool statistics " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode object))
            throw new IllegalArgumentException(file + " is not a JSON object");
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!KNOWN_FIELDS.contains(field.getKey())) extra.put(field.getKey(), field.getValue());
        }
        return new PoolStats(
                count(file, object, "train_tokens"),
                count(file, object, "train_documents"),
                count(file, object, "validation_tokens"),
                count(file, object, "validation_documents"),
                text(file, object, "tokenizer"),
                Math.toIntExact(count(file, object, "eos_id")),
                extra);
    }

    /** The bytes of {@code stats.json}: the standard fields, then {@code extra} in its order. */
    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("train_tokens", trainTokens);
        root.put("train_documents", trainDocuments);
        root.put("validation_tokens", validationTokens);
        root.put("validation_documents", validationDocuments);
        root.put("tokenizer", tokenizer);
        root.put("eos_id", eosId);
        extra.forEach(root::set);
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise pool statistics", e);
        }
    }

    /**
     * Writes {@code stats.json} into {@code poolDir} atomically; curation publishes it as the
     * pool's commit marker instead ({@code OutputStore.Staging#publish}).
     */
    public void write(Path poolDir) {
        Publish.file(poolDir.resolve(FILE_NAME), toBytes());
    }

    private static long count(Path file, ObjectNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(
                    file
                            + ": field '"
                            + field
                            + "' is "
                            + (value == null ? "missing" : "not a whole number: " + value)
                            + "; stats.json of a pool needs "
                            + String.join(", ", KNOWN_FIELDS));
        }
        return value.asLong();
    }

    private static String text(Path file, ObjectNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(
                    file
                            + ": field '"
                            + field
                            + "' is "
                            + (value == null ? "missing" : "not a string: " + value)
                            + "; stats.json of a pool needs "
                            + String.join(", ", KNOWN_FIELDS));
        }
        return value.asText();
    }
}
