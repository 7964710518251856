package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/mixlab} as a user does, against the shaded jar that {@code package} just built.
 */
class LauncherScriptIT {
    @TempDir Path logs;

    private BinMixlab.Result mixlab(String... args) throws IOException, InterruptedException {
        return BinMixlab.run(logs, args);
    }

    @Test
    void theShadedJarRunsThroughTheScript() throws Exception {
        BinMixlab.Result help = mixlab("--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out())
                .contains("quickstart")
                .contains("flink")
                .doesNotContain("building the CLI jar");
        assertThat(help.err()).doesNotContain("building the CLI jar");

        BinMixlab.Result plan = mixlab("plan", "configs/quickstart.yaml", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out())
                .contains("\"schema\" : \"mixlab.plan/1\"")
                .contains("\"name\" : \"code-100\"");

        BinMixlab.Result usage = mixlab("plan");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
    }
}
