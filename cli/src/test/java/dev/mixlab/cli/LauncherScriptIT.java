package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code bin/mixlab} as a user does, against the shaded jar that {@code package} just built. */
class LauncherScriptIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private record Result(int code, String out, String err) {}

    private static Result mixlab(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/mixlab").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("mixlab-out", ".txt");
        Path err = Files.createTempFile("mixlab-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("MIXLAB_JAVA_OPTS", "-Xmx512m");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("bin/mixlab finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theShadedJarRunsThroughTheScript() throws Exception {
        Result help = mixlab("--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).contains("quickstart").contains("flink").doesNotContain("building the CLI jar");
        assertThat(help.err()).doesNotContain("building the CLI jar");

        Result plan = mixlab("plan", "configs/quickstart.yaml", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("\"schema\" : \"mixlab.plan/1\"").contains("\"name\" : \"code-100\"");

        Result usage = mixlab("plan");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
    }
}
