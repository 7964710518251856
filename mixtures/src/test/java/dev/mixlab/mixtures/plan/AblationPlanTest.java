package dev.mixlab.mixtures.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblationPlanTest {
    @TempDir Path dir;

    private static final String SPEC =
            """
            name: t
            sources:
              - {name: text, kind: text, inputs: text.jsonl}
              - {name: code, kind: code, inputs: code.jsonl}
            sweeps:
              - {name: code, values: [0, 0.5], swept: {code: 1}, rest: {text: 1}, budget: 1003, max_repetition: {code: 2}}
            """;

    private static final String LIMITS = "ReadLimits[test]";

    @Test
    void jsonHasTargetsEpochsAndMissingInputs() throws Exception {
        Files.writeString(dir.resolve("text.jsonl"), "{}\n");
        AblationSpec spec = SpecLoader.parse(dir.resolve("t.yaml"), SPEC);
        WorkDir work = new WorkDir(dir.resolve("work"));
        Path pool = work.pool(spec, spec.source("code").orElseThrow(), LIMITS);
        Files.createDirectories(pool);
        Files.writeString(pool.resolve("stats.json"), "{\"train_tokens\": 250}");
        // A pool of other inputs or settings, written later and large enough: not what mix
        // reads, so it must not hide the shortfall.
        Path earlier = work.pools().resolve("code-0123abcd01234567");
        Files.createDirectories(earlier);
        Files.writeString(earlier.resolve("stats.json"), "{\"train_tokens\": 1000000}");

        AblationPlan plan = new AblationPlan(spec, work, LIMITS);
        JsonNode json = new ObjectMapper().readTree(plan.toJson());
        assertThat(json.path("schema").asText()).isEqualTo("mixlab.plan/1");
        JsonNode half = json.path("mixtures").get(1);
        assertThat(half.path("name").asText()).isEqualTo("code-50");
        assertThat(half.path("code_share").asDouble()).isEqualTo(0.5);
        JsonNode text = half.path("sources").get(0);
        JsonNode code = half.path("sources").get(1);
        assertThat(text.path("name").asText()).isEqualTo("text");
        assertThat(code.path("name").asText()).isEqualTo("code");
        assertThat(code.path("target_tokens").asLong() + text.path("target_tokens").asLong())
                .isEqualTo(1003);
        assertThat(code.path("pool_train_tokens").asLong()).isEqualTo(250);
        assertThat(code.path("epochs_needed").asDouble()).isEqualTo(501.0 / 250);
        assertThat(code.path("within_max_repetition").asBoolean()).isFalse();
        assertThat(text.path("epochs_needed").isNull()).isTrue();
        assertThat(plan.missingInputs()).containsOnlyKeys("code");
        assertThat(plan.toText())
                .contains("EXCEEDS max_repetition 2.0")
                .contains("no file matches code.jsonl");
        assertThat(plan.supplyShortfalls())
                .containsExactly(
                        "mixture 'code-50' needs 501 tokens of 'code', 2.004 epochs of its pool"
                                + " (max_repetition 2.0)");
    }
}
