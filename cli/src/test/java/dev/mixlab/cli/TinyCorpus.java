package dev.mixlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A tiny real corpus for end-to-end CLI tests: this repository's docs as prose ({@code
 * prose.jsonl}) and the CLI's Java sources as code ({@code code.jsonl}).
 */
final class TinyCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyCorpus() {}

    /** Writes {@code prose.jsonl} and {@code code.jsonl} into {@code dir}. */
    static void write(Path dir) throws IOException {
        StringBuilder prose = new StringBuilder();
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList())
                prose.append(jsonl(doc.getFileName().toString(), Files.readString(doc)));
        }
        StringBuilder code = new StringBuilder();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/dev/mixlab/cli"))) {
            // Only the package's own files: subpackages (cli.flink) are directories here.
            for (Path file : sources.filter(Files::isRegularFile).sorted().toList())
                code.append(jsonl(file.getFileName().toString(), Files.readString(file)));
        }
        Files.writeString(dir.resolve("prose.jsonl"), prose);
        Files.writeString(dir.resolve("code.jsonl"), code);
    }

    /**
     * Writes the corpus and {@code DIR/NAME.yaml}: a spec named {@code name} with {@code
     * tokenizer}, seq_len 128 and the sources {@code prose} and {@code code} (10% held out each),
     * followed by {@code rest} (mixtures, models, runs...).
     */
    static Path spec(Path dir, String name, String tokenizer, String rest) throws IOException {
        write(dir);
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(
                spec,
                "name: "
                        + name
                        + "\ntokenizer: "
                        + tokenizer
                        + "\nseq_len: 128\nsources:\n"
                        + "  - {name: prose, kind: prose, inputs: prose.jsonl, heldout_fraction: 0.1}\n"
                        + "  - {name: code, kind: code, inputs: code.jsonl, heldout_fraction: 0.1}\n"
                        + rest);
        return spec;
    }

    private static String jsonl(String id, String text) throws IOException {
        return JSON.writeValueAsString(Map.of("id", id, "text", text)) + "\n";
    }
}
