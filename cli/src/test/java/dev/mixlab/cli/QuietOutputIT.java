package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal belongs to mixlab: a small ablation run through {@code bin/mixlab} as a user runs it
 * — curate and mix on embedded Flink, train and evaluate proxy models, compare — prints only
 * mixlab's own lines, each command ending with its summary. What Flink, Beam, Parquet, DJL and
 * libtorch (from C++, on file descriptor 2) print goes to {@code WORKDIR/logs/<command>-*.log};
 * {@code --verbose} shows it.
 */
class QuietOutputIT {
    /** Lines only a library prints: logger formats, logger and package names, native warnings. */
    private static final List<Pattern> LIBRARY_LINES =
            Stream.of(
                            "^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) ",
                            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d",
                            "^(SLF4J|log4j|WARNING:|Exception in thread)",
                            "^\\[[WEI]\\d{4} ",
                            "LegacyTypeDispatch|AutoNonVariableTypeMode|CUDA",
                            "\\b(org\\.apache|ai\\.djl|org\\.slf4j|org\\.pekko|io\\.netty)\\.",
                            "^(Missing|Current) resources:",
                            "\"urn\"|beam:metric",
                            "^\\s+at [\\w.$]+\\(")
                    .map(Pattern::compile)
                    .toList();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path spec;
    static Path work;
    static Map<String, BinMixlab.Result> runs = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void runTheAblationThroughBinMixlab() throws Exception {
        TinyCorpus.write(dir);
        spec = dir.resolve("quiet.yaml");
        work = dir.resolve("work");
        Files.writeString(
                spec,
                """
                name: quiet
                tokenizer: bytes
                seq_len: 128
                sources:
                  - {name: prose, kind: prose, inputs: prose.jsonl, heldout_fraction: 0.1}
                  - {name: code, kind: code, inputs: code.jsonl, heldout_fraction: 0.1}
                sweeps:
                  - {name: code, values: [0, 1.0], swept: {code: 1.0}, rest: {prose: 1.0}, budget: 40K}
                models:
                  tiny: {d_model: 32, n_layers: 1, n_heads: 2}
                training: {backend: proxy, batch_size: 4, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 2}}
                runs:
                  - {name: code-0, models: [tiny], phases: [{mixture: code-0, tokens: 8K}]}
                  - {name: code-100, models: [tiny], phases: [{mixture: code-100, tokens: 8K}]}
                """);
        String s = spec.toString();
        String w = work.toString();
        runs.put("curate", mixlab("curate", s, "--workdir", w));
        runs.put("mix", mixlab("mix", s, "--workdir", w));
        runs.put("train", mixlab("train", s, "--workdir", w));
        runs.put("eval", mixlab("eval", s, "--all", "--workdir", w));
        runs.put("compare", mixlab("compare", "--ablation", s, "--workdir", w));
        Path search = dir.resolve("quiet-search.yaml");
        Files.writeString(
                search,
                Files.readString(spec)
                        + """
                        search:
                          domains: {prose: [prose], code: [code]}
                          model: tiny
                          tokens: 8K
                          swarm: 5
                          prior: {prose: 0.5, code: 0.5}
                          objective: mean(prose_bpb, code_bpb)
                        """);
        runs.put("search", mixlab("search", search.toString(), "--dry-run", "--workdir", w));
    }

    private static BinMixlab.Result mixlab(String... args)
            throws IOException, InterruptedException {
        return BinMixlab.run(dir.resolve("terminal"), args);
    }

    @Test
    void everyCommandPrintsOnlyMixlabsLinesEndingWithItsSummary() {
        runs.forEach(
                (command, run) -> {
                    assertThat(run.code()).as(command + ": " + run.err()).isZero();
                    for (String line : lines(run.out() + run.err())) {
                        assertThat(LIBRARY_LINES)
                                .as(command + " printed a library line: " + line)
                                .noneMatch(p -> p.matcher(line).find());
                    }
                });
        assertThat(last(runs.get("curate").out())).matches("pool code +built .*");
        assertThat(last(runs.get("mix").out())).matches("code-100 +built .*");
        assertThat(last(runs.get("train").out())).startsWith("trained 2 run(s)");
        assertThat(last(runs.get("eval").out()))
                .startsWith("2 checkpoint(s) evaluated and imported into");
        assertThat(last(runs.get("compare").out())).startsWith("report: ");
        assertThat(runs.get("search").out())
                .containsPattern("pool code +reused")
                .contains("== search quiet 2/");
        assertThat(last(runs.get("search").out())).isEqualTo("dry run: nothing built or trained");
        assertThat(runs.get("compare").out())
                .contains(
                        "not evaluated (no results): NL reasoning, World knowledge, Code, Generative win-rate, NL Avg, Total");
    }

    @Test
    void libraryOutputIsInTheWorkDirectorysLogsOneFilePerCommand() throws IOException {
        Map<String, String> logs = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(work.resolve("logs"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                assertThat(name).matches("[a-z]+-\\d{8}-\\d{6}\\.log");
                logs.put(name.substring(0, name.indexOf('-')), Files.readString(file));
            }
        }
        assertThat(logs.get("curate")).contains("org.apache.flink").contains("org.apache.beam");
        assertThat(logs.get("mix")).contains("org.apache.flink");
        assertThat(logs.get("train")).contains("ai.djl");
        // libtorch's C++ warning, written to file descriptor 2, is in the log, not on the terminal.
        assertThat(logs.get("eval")).contains("ai.djl").contains("LegacyTypeDispatch");
    }

    @Test
    void theReportHasNoEmptyRowsAndVerboseShowsTheLibraryOutput() throws Exception {
        String report = Files.readString(work.resolve("reports/quiet/report.md"));
        assertThat(report)
                .contains("## Held-out bits per byte by source")
                .contains("**Not evaluated:** NL reasoning");
        for (String line : lines(report)) {
            if (!line.startsWith("|") || line.startsWith("|---")) continue;
            List<String> cells =
                    List.of(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1));
            assertThat(cells.stream().skip(1).map(String::strip))
                    .as("an all-empty row: " + line)
                    .anyMatch(c -> !c.isEmpty() && !c.equals("—"));
        }

        BinMixlab.Result verbose =
                mixlab(
                        "eval",
                        spec.toString(),
                        "--all",
                        "--force",
                        "--verbose",
                        "--workdir",
                        work.toString());
        assertThat(verbose.code()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("ai.djl").contains("LegacyTypeDispatch");
        assertThat(last(verbose.out())).startsWith("2 checkpoint(s) evaluated");
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) if (!line.isBlank()) lines.add(line);
        return lines;
    }

    private static String last(String text) {
        List<String> lines = lines(text);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
