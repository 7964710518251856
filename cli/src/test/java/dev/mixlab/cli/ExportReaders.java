package dev.mixlab.cli;

import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent export readers of {@code src/test/resources/export-readers/}: a numpy script
 * under Debian's {@code /usr/bin/python3} and an apache-arrow script under Node. Missing tools fail
 * the test with how to install them ({@code .ci/run} does), never skip it. The npm package is
 * installed with npm's own registry settings into {@code <repo>/.cache/npm/}, which git ignores,
 * once.
 */
final class ExportReaders {
    static final String PYTHON = "/usr/bin/python3";
    private static final String ARROW_PACKAGE = "apache-arrow";
    private static final String ARROW_VERSION = "21.2.0";
    private static final long TIMEOUT_MINUTES = 5;

    private ExportReaders() {}

    /** What a reader printed and how it ended. */
    record Result(int exitCode, String output) {}

    static Result numpy(Path expectations) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(
                    PYTHON
                            + " is missing: the Megatron/OLMo reader test needs Debian's python3 and python3-numpy"
                            + " (apt-get install python3 python3-numpy; .ci/run installs them)");
        }
        Result probe = run(List.of(PYTHON, "-c", "import numpy"), Map.of());
        if (probe.exitCode() != 0) {
            throw new IllegalStateException(
                    PYTHON
                            + " has no numpy: apt-get install python3-numpy (.ci/run installs it); python said: "
                            + probe.output().strip());
        }
        return run(
                List.of(PYTHON, script("token_files.py").toString(), expectations.toString()),
                Map.of());
    }

    static Result apacheArrow(Path expectations) {
        Path modules = arrowModules();
        return run(
                List.of("node", script("arrow_files.cjs").toString(), expectations.toString()),
                Map.of("NODE_PATH", modules.toString()));
    }

    private static Path script(String name) {
        try {
            return Path.of(ExportReaders.class.getResource("/export-readers/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(
                    "the test resource export-readers/" + name + " is missing", e);
        }
    }

    /** The cached {@code node_modules} holding the pinned apache-arrow, installed if missing. */
    static synchronized Path arrowModules() {
        Path cache = repositoryRoot().resolve(".cache/npm/" + ARROW_PACKAGE + "-" + ARROW_VERSION);
        Path modules = cache.resolve("node_modules");
        Path packageJson = modules.resolve(ARROW_PACKAGE).resolve("package.json");
        if (!Files.isRegularFile(packageJson)) install(cache);
        try {
            String json = Files.readString(packageJson, StandardCharsets.UTF_8);
            if (!json.contains("\"version\": \"" + ARROW_VERSION + "\"")) {
                throw new IllegalStateException(
                        packageJson
                                + " is not "
                                + ARROW_PACKAGE
                                + "@"
                                + ARROW_VERSION
                                + "; delete "
                                + cache);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modules;
    }

    private static void install(Path cache) {
        Path staging = null;
        try {
            Files.createDirectories(cache.getParent());
            staging = Files.createTempDirectory(cache.getParent(), ".install");
            List<String> command =
                    List.of(
                            "npm",
                            "install",
                            "--prefix",
                            staging.toString(),
                            "--no-save",
                            "--no-package-lock",
                            "--no-audit",
                            "--no-fund",
                            ARROW_PACKAGE + "@" + ARROW_VERSION);
            Result result = run(command, Map.of());
            if (result.exitCode() != 0) {
                throw new IllegalStateException(
                        "'"
                                + String.join(" ", command)
                                + "' exited with "
                                + result.exitCode()
                                + "; the Arrow reader test needs Node.js with npm and access to the npm registry; npm said: "
                                + result.output().strip());
            }
            Publish.directory(staging, cache);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + ARROW_PACKAGE + " into " + cache, e);
        } finally {
            if (staging != null) FileTrees.deleteQuietly(staging);
        }
    }

    private static Result run(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start '"
                            + command.get(0)
                            + "' ("
                            + e.getMessage()
                            + "): the export reader tests need /usr/bin/python3 with numpy and Node.js with npm"
                            + " (.ci/run installs them)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    private static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("filters/pom.xml"))) return dir;
        }
        throw new IllegalStateException("no mixlab repository root at or above " + start);
    }
}
