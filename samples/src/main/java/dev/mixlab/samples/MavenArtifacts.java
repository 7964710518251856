package dev.mixlab.samples;

import dev.mixlab.io.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds Maven artifacts ({@code groupId:artifactId:version[:classifier]}, packaging {@code jar}) in
 * the local Maven repository and, when one is missing, fetches it with {@code mvn dependency:get}.
 *
 * <p>The local repository is, in this order: the {@code maven.repo.local} system property, the
 * {@code MIXLAB_M2_REPO} environment variable, {@code ~/.m2/repository}. The {@code mvn} subprocess
 * is given the same repository, so a download lands where the next lookup searches. Which remote
 * repository {@code mvn} talks to is left entirely to the user's Maven settings.
 */
public final class MavenArtifacts {

    /** System property that Maven itself uses for the local repository. */
    public static final String REPO_PROPERTY = "maven.repo.local";

    /**
     * Environment variable that points mixlab at a local repository when the property is not set.
     */
    public static final String REPO_ENV = "MIXLAB_M2_REPO";

    /** Generous: the largest sample artifact (jython-standalone) is 50 MB. */
    private static final long MVN_TIMEOUT_MINUTES = 20;

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    /** Maven's error lines name the remote repository; mixlab's messages name none. */
    private static final Pattern REMOTE_LOCATION =
            Pattern.compile("\\s*\\(?[a-z][a-z0-9+.-]*://[^\\s)]*\\)?");

    private final Path localRepository;
    private final List<String> mavenCommand;

    /**
     * @param localRepository root of a Maven local repository
     * @param mavenCommand the program (and any leading arguments) that runs Maven, e.g. {@code
     *     [mvn]}
     */
    public MavenArtifacts(Path localRepository, List<String> mavenCommand) {
        this.localRepository = Objects.requireNonNull(localRepository, "localRepository");
        if (mavenCommand.isEmpty()) {
            throw new IllegalArgumentException(
                    "mavenCommand must name the Maven program, e.g. [mvn]");
        }
        this.mavenCommand = List.copyOf(mavenCommand);
    }

    /**
     * A resolver over {@link #defaultLocalRepository()} that runs plain {@code mvn} from the PATH.
     */
    public static MavenArtifacts fromEnvironment() {
        return new MavenArtifacts(defaultLocalRepository(), List.of("mvn"));
    }

    /**
     * The local repository chosen by the property, the environment variable or the home directory.
     */
    public static Path defaultLocalRepository() {
        String property = System.getProperty(REPO_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(REPO_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    public Path localRepository() {
        return localRepository;
    }

    /** Where the artifact's jar lies (or would lie) in the local repository. */
    public Path pathOf(Coordinates artifact) {
        Path directory = localRepository;
        for (String groupPart : artifact.groupId().split("\\.")) {
            directory = directory.resolve(groupPart);
        }
        String classifierSuffix = artifact.classifier() == null ? "" : "-" + artifact.classifier();
        String fileName =
                artifact.artifactId() + "-" + artifact.version() + classifierSuffix + ".jar";
        return directory
                .resolve(artifact.artifactId())
                .resolve(artifact.version())
                .resolve(fileName);
    }

    /**
     * The artifact's jar in the local repository, fetched with {@code mvn dependency:get} first if
     * missing.
     *
     * @throws ArtifactNotResolvedException with a one-line message naming the artifact and the fix
     */
    public Path resolve(Coordinates artifact, PrintStream progress) {
        Path jar = pathOf(artifact);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        progress.println(
                "fetching " + artifact + " into " + localRepository + " with mvn dependency:get");
        fetch(artifact);
        if (!Files.isRegularFile(jar)) {
            throw new ArtifactNotResolvedException(
                    "Maven artifact "
                            + artifact
                            + " is still missing at "
                            + jar
                            + " after mvn dependency:get succeeded; fix: check that Maven's local repository is "
                            + localRepository
                            + " (set -D"
                            + REPO_PROPERTY
                            + " or "
                            + REPO_ENV
                            + " accordingly)");
        }
        return jar;
    }

    private void fetch(Coordinates artifact) {
        List<String> command = new ArrayList<>(mavenCommand);
        command.addAll(
                List.of(
                        "-q",
                        "-B",
                        "dependency:get",
                        "-Dartifact=" + artifact.toDependencyGetSpec(),
                        "-Dtransitive=false",
                        "-D" + REPO_PROPERTY + "=" + localRepository.toAbsolutePath()));
        String manualFix =
                "fix: check that this version is served by your Maven repository, or run `"
                        + String.join(" ", command)
                        + "` by hand to see Maven's full output (add -U to retry a cached failure)";
        Path workDir = null;
        try {
            // An empty working directory: in a project folder mvn would also read that project's
            // pom.xml.
            workDir = Files.createTempDirectory("mixlab-mvn-");
            Path log = workDir.resolve("mvn.log");
            Process process =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(MVN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ArtifactNotResolvedException(
                        "Could not fetch Maven artifact "
                                + artifact
                                + ": mvn did not finish within "
                                + MVN_TIMEOUT_MINUTES
                                + " minutes; "
                                + manualFix);
            }
            if (process.exitValue() != 0) {
                throw new ArtifactNotResolvedException(
                        "Could not fetch Maven artifact "
                                + artifact
                                + ": mvn exited with "
                                + process.exitValue()
                                + firstErrorLine(log)
                                + "; "
                                + manualFix);
            }
        } catch (IOException e) {
            throw new ArtifactNotResolvedException(
                    "Could not fetch Maven artifact "
                            + artifact
                            + ": cannot run "
                            + mavenCommand.get(0)
                            + " ("
                            + e.getMessage()
                            + "); fix: install Maven and put mvn on the PATH, "
                            + "or place the jar at "
                            + pathOf(artifact));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactNotResolvedException(
                    "Interrupted while fetching Maven artifact " + artifact);
        } finally {
            deleteQuietly(workDir);
        }
    }

    /**
     * Maven's own first error line, without colour codes and without the remote repository's
     * address.
     */
    private static String firstErrorLine(Path log) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String plain = ANSI_ESCAPE.matcher(line).replaceAll("").trim();
            if (plain.startsWith("[ERROR]") && plain.length() > "[ERROR]".length()) {
                String message =
                        REMOTE_LOCATION.matcher(plain.substring("[ERROR]".length())).replaceAll("");
                return " (" + message.trim() + ")";
            }
        }
        return "";
    }

    private static void deleteQuietly(Path directory) {
        if (directory != null) FileTrees.deleteQuietly(directory);
    }

    /** Maven coordinates of a jar: {@code groupId:artifactId:version[:classifier]}. */
    public record Coordinates(
            String groupId, String artifactId, String version, String classifier) {

        private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.+-]+");

        public Coordinates {
            requirePart("groupId", groupId);
            requirePart("artifactId", artifactId);
            requirePart("version", version);
            if (classifier != null) {
                requirePart("classifier", classifier);
            }
        }

        /** Parses {@code G:A:V} or {@code G:A:V:classifier}. */
        public static Coordinates parse(String text) {
            String[] parts = text.split(":", -1);
            if (parts.length != 3 && parts.length != 4) {
                throw new IllegalArgumentException(
                        "Maven coordinates '"
                                + text
                                + "' must look like groupId:artifactId:version or groupId:artifactId:version:classifier");
            }
            return new Coordinates(
                    parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : null);
        }

        /**
         * The {@code -Dartifact} value of {@code dependency:get}: {@code G:A:V:jar[:classifier]}.
         */
        public String toDependencyGetSpec() {
            return groupId
                    + ":"
                    + artifactId
                    + ":"
                    + version
                    + ":jar"
                    + (classifier == null ? "" : ":" + classifier);
        }

        @Override
        public String toString() {
            return groupId
                    + ":"
                    + artifactId
                    + ":"
                    + version
                    + (classifier == null ? "" : ":" + classifier);
        }

        private static void requirePart(String name, String value) {
            if (value == null || !PART.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "Maven "
                                + name
                                + " '"
                                + value
                                + "' is empty or has characters other than letters, digits and _ . + -");
            }
        }
    }

    /**
     * An artifact that is neither in the local repository nor fetchable; the message says how to
     * fix it.
     */
    public static final class ArtifactNotResolvedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ArtifactNotResolvedException(String message) {
            super(message);
        }
    }
}
