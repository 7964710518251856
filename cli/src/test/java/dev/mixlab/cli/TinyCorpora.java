package dev.mixlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two small real corpora from this repository, as JSONL: {@code prose.jsonl} (the docs, one
 * document per page) and {@code code.jsonl} (the CLI's Java sources, one per file).
 */
final class TinyCorpora {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyCorpora() {}

    /** Writes both files into {@code dir}. */
    static void write(Path dir) throws IOException {
        Path root = BinMixlab.ROOT;
        StringBuilder prose = new StringBuilder();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList())
                prose.append(jsonl(doc.getFileName().toString(), Files.readString(doc)));
        }
        StringBuilder code = new StringBuilder();
        try (Stream<Path> sources = Files.list(root.resolve("cli/src/main/java/dev/mixlab/cli"))) {
            for (Path file : sources.sorted().toList())
                code.append(jsonl(file.getFileName().toString(), Files.readString(file)));
        }
        Files.writeString(dir.resolve("prose.jsonl"), prose);
        Files.writeString(dir.resolve("code.jsonl"), code);
    }

    private static String jsonl(String id, String text) throws IOException {
        return JSON.writeValueAsString(Map.of("id", id, "text", text)) + "\n";
    }
}
