package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/mixlab} as a user does, from the checkout root, against the shaded jar {@code
 * package} built.
 */
final class BinMixlab {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int code, String out, String err) {}

    /** A command still running, with the files its output goes to. */
    record Running(Process process, Path out, Path err) {
        Result await() throws IOException, InterruptedException {
            assertThat(process.waitFor(15, TimeUnit.MINUTES))
                    .as("mixlab finished within 15 minutes")
                    .isTrue();
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private BinMixlab() {}

    static Running start(Path logDir, String... args) throws IOException {
        return start(logDir, Map.of(), List.of(), args);
    }

    /**
     * {@code bin/mixlab args} behind {@code prefix} (a command that execs what follows it), with
     * {@code env} added to the environment.
     */
    static Running start(Path logDir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(ROOT.resolve("bin/mixlab").toString());
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "out", ".txt");
        Path err = Files.createTempFile(logDir, "err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(ROOT.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().put("MIXLAB_JAVA_OPTS", "-Xmx2g");
        builder.environment().putAll(env);
        return new Running(builder.start(), out, err);
    }

    static Result run(Path logDir, String... args) throws IOException, InterruptedException {
        return start(logDir, args).await();
    }

    static Result run(Path logDir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        return start(logDir, env, prefix, args).await();
    }
}
