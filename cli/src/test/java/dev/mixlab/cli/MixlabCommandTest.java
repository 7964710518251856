package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixlabCommandTest {
    private static final List<String> COMMANDS =
            List.of(
                    "sample",
                    "plan",
                    "curate",
                    "mix",
                    "build",
                    "inspect",
                    "train",
                    "eval",
                    "compare",
                    "search",
                    "quickstart",
                    "flink");

    @TempDir Path dir;

    @Test
    void helpListsEveryReservedCommand() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        for (String command : COMMANDS)
            assertThat(run.out()).containsPattern("(?m)^\\s+" + command + "\\s");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : COMMANDS) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: mixlab " + command);
        }
    }

    @Test
    void versionNamesTheSoftware() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("mixlab 0.");
    }

    @Test
    void usageErrorsExitTwoWithOneReadableLine() {
        CliRun run = CliRun.of("plan", "--jsn", "x.yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--jsn'").contains("--json");
        assertThat(CliRun.of("nonsense").exitCode()).isEqualTo(2);
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
    }

    @Test
    void planJsonOfTheQuickstartHasFiveCodeShares() throws Exception {
        CliRun run =
                CliRun.of(
                        "plan",
                        "../configs/quickstart.yaml",
                        "--json",
                        "--workdir",
                        dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(run.out());
        List<Double> shares = new ArrayList<>();
        plan.path("mixtures").forEach(m -> shares.add(m.path("code_share").asDouble()));
        assertThat(shares).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(plan.path("workdir").asText()).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(plan.path("runs")).hasSize(5);
    }

    @Test
    void planOfThePaperShowsTheSweepAndTheRecipes() {
        CliRun run = CliRun.of("plan", "../configs/paper/code-vs-text.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String mixture :
                List.of("code-0", "code-25", "code-50", "code-75", "code-90", "code-100")) {
            assertThat(run.out()).containsPattern("(?m)^  " + mixture + "\\s+budget 200B");
        }
        assertThat(run.out())
                .contains(
                        "text-only-470M-s0",
                        "balanced-only-2.8B-s0",
                        "balanced-text-470M-s0",
                        "code-text-2.8B-s0")
                .contains("init_from balanced-text-470M-s0/continue")
                .contains("Missing inputs");
    }

    @Test
    void brokenSpecsExitTwoNamingTheLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                """
                sources:
                  - {name: text, kind: text, inputs: a}
                  - {name: code, kind: code, inputs: b}
                mixtures:
                  - name: m
                    weights: {text: 0.6, code: 0.3}
                    budget: 1M
                """);
        CliRun run = CliRun.of("plan", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("bad.yaml:6:")
                .contains("sum to 0.9")
                .doesNotContain("at dev.mixlab");
        assertThat(run.err().strip().lines()).hasSize(1);

        Files.writeString(bad, "sources:\n  - name: text\n    kind: text\n   inputs: a\n");
        run = CliRun.of("plan", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("YAML syntax error").containsPattern("bad.yaml:[34]:");

        Files.writeString(bad, "sources:\n  - {name: text, kind: text, inputs: a, heldout: 0.1}\n");
        run = CliRun.of("plan", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad.yaml:2:").contains("did you mean 'heldout_fraction'?");
    }

    @Test
    void missingInputsAreAWarningForPlanAndAnErrorWhenChecked() throws Exception {
        Path spec = dir.resolve("s.yaml");
        Files.writeString(
                spec,
                "sources:\n  - {name: text, kind: text, inputs: corpus/*.jsonl}\n"
                        + "mixtures:\n  - {name: m, weights: {text: 1}, budget: 1M}\n");
        CliRun warn = CliRun.of("plan", spec.toString());
        assertThat(warn.exitCode()).isZero();
        assertThat(warn.out()).contains("source 'text': no file matches corpus/*.jsonl");
        CliRun strict = CliRun.of("plan", spec.toString(), "--check-inputs");
        assertThat(strict.exitCode()).isEqualTo(2);
        assertThat(strict.err()).contains("missing inputs").contains("corpus/*.jsonl");
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "sources: []\n");
        assertThat(CliRun.of("plan", bad.toString()).err()).doesNotContain("\tat ");
        assertThat(CliRun.of("--verbose", "plan", bad.toString()).err()).contains("\tat ");
        assertThat(CliRun.of("plan", "--verbose", bad.toString()).err()).contains("\tat ");
    }
}
