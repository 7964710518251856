package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --check-inputs} judges supply against the pool {@code mix} would read — the pool of
 * the source's current fingerprint — not whatever pool is newest on disk.
 */
class PlanCheckInputsTest {
    @TempDir Path dir;

    @Test
    void demandBeyondTheCurrentPoolUnderMaxRepetitionExitsTwo() throws Exception {
        Path corpus = dir.resolve("prose.jsonl");
        Files.writeString(corpus, jsonl("spec", Files.readString(Path.of("../docs/SPEC.md"))));
        String spec =
                """
                tokenizer: bytes
                seq_len: 512
                sources:
                  - {name: prose, kind: text, inputs: prose.jsonl, heldout_fraction: 0, filters: {language_id: false, language: false, gopher_quality: false, gopher_repetition: false, c4: false, fineweb: false}}
                mixtures:
                  - {name: m, weights: {prose: 1}, budget: %s, max_repetition: 2}
                """;
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, spec.formatted("10K"));
        String work = dir.resolve("work").toString();
        CliRun curate =
                CliRun.of("curate", file.toString(), "--runner", "direct", "--workdir", work);
        assertThat(curate.exitCode()).as(curate.err()).isZero();

        CliRun enough = CliRun.of("plan", file.toString(), "--check-inputs", "--workdir", work);
        assertThat(enough.exitCode()).as(enough.err()).isZero();
        assertThat(enough.out()).containsPattern("prose .* train tokens");

        // 1M bytes is more than twice SPEC.md.
        Files.writeString(file, spec.formatted("1M"));
        CliRun shortfall = CliRun.of("plan", file.toString(), "--check-inputs", "--workdir", work);
        assertThat(shortfall.exitCode()).isEqualTo(2);
        assertThat(shortfall.err())
                .contains("not enough data: mixture 'm' needs 1M tokens of 'prose'")
                .contains("(max_repetition 2.0)");
        assertThat(shortfall.err().strip().lines()).hasSize(1);

        // New inputs: the curated pool is no longer the one mix would read, so it supplies nothing
        // and is not judged; plan says so.
        Files.writeString(
                corpus,
                jsonl("more", "Another document. ".repeat(20)),
                java.nio.file.StandardOpenOption.APPEND);
        CliRun stale = CliRun.of("plan", file.toString(), "--check-inputs", "--workdir", work);
        assertThat(stale.exitCode()).as(stale.err()).isZero();
        assertThat(stale.out())
                .contains(
                        "not curated for the current inputs and settings (only an earlier pool exists)");
    }

    private static String jsonl(String id, String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(Map.of("id", id, "text", text))
                + "\n";
    }
}
