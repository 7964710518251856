package dev.mixlab.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.io.FileTrees;
import dev.mixlab.samples.MavenArtifacts.ArtifactNotResolvedException;
import dev.mixlab.samples.MavenArtifacts.Coordinates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenArtifactsTest {

    private static final PrintStream SILENT =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void computesTheLocalRepositoryPathWithAndWithoutClassifier() {
        MavenArtifacts artifacts = new MavenArtifacts(Path.of("/repo"), List.of("mvn"));

        assertThat(
                        artifacts.pathOf(
                                Coordinates.parse(
                                        "org.apache.commons:commons-lang3:3.20.0:sources")))
                .isEqualTo(
                        Path.of(
                                "/repo/org/apache/commons/commons-lang3/3.20.0/commons-lang3-3.20.0-sources.jar"));
        assertThat(artifacts.pathOf(Coordinates.parse("org.python:jython-standalone:2.7.4")))
                .isEqualTo(
                        Path.of(
                                "/repo/org/python/jython-standalone/2.7.4/jython-standalone-2.7.4.jar"));
    }

    @Test
    void parsesAndPrintsCoordinates() {
        Coordinates withClassifier = Coordinates.parse("com.google.guava:guava:33.5.0-jre:sources");

        assertThat(withClassifier.toString())
                .isEqualTo("com.google.guava:guava:33.5.0-jre:sources");
        assertThat(withClassifier.toDependencyGetSpec())
                .isEqualTo("com.google.guava:guava:33.5.0-jre:jar:sources");
        assertThat(Coordinates.parse("org.clojure:clojure:1.12.0").toDependencyGetSpec())
                .isEqualTo("org.clojure:clojure:1.12.0:jar");
        assertThatThrownBy(() -> Coordinates.parse("guava:33.5.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupId:artifactId:version");
        assertThatThrownBy(() -> Coordinates.parse("a b:c:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupId");
    }

    @Test
    void systemPropertyChoosesTheLocalRepository() {
        String before = System.getProperty(MavenArtifacts.REPO_PROPERTY);
        try {
            System.setProperty(MavenArtifacts.REPO_PROPERTY, "/elsewhere/m2");
            assertThat(MavenArtifacts.defaultLocalRepository()).isEqualTo(Path.of("/elsewhere/m2"));
        } finally {
            if (before == null) {
                System.clearProperty(MavenArtifacts.REPO_PROPERTY);
            } else {
                System.setProperty(MavenArtifacts.REPO_PROPERTY, before);
            }
        }
    }

    @Test
    void aJarAlreadyInTheRepositoryIsReturnedWithoutRunningMaven(@TempDir Path repo)
            throws IOException {
        MavenArtifacts artifacts =
                new MavenArtifacts(repo, List.of(repo.resolve("no-such-mvn").toString()));
        Coordinates coordinates = Coordinates.parse("org.example:present:1.0:sources");
        Path jar = artifacts.pathOf(coordinates);
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {1});

        assertThat(artifacts.resolve(coordinates, SILENT)).isEqualTo(jar);
    }

    @Test
    void aMissingMavenProgramGivesOneLineWithTheFix(@TempDir Path repo) {
        MavenArtifacts artifacts =
                new MavenArtifacts(repo, List.of(repo.resolve("no-such-mvn").toString()));

        assertThatThrownBy(
                        () ->
                                artifacts.resolve(
                                        Coordinates.parse("org.example:absent:1.0"), SILENT))
                .isInstanceOf(ArtifactNotResolvedException.class)
                .hasMessageContaining("org.example:absent:1.0")
                .hasMessageContaining("install Maven and put mvn on the PATH")
                .hasMessageNotContaining("\n");
    }

    /**
     * Runs the real mvn against the real local repository (its plugins are there); the registry
     * answers "not found" at once.
     */
    @Test
    void anArtifactMavenCannotFindGivesOneLineNamingItAndTheFix() throws IOException {
        MavenArtifacts artifacts = MavenArtifacts.fromEnvironment();
        Coordinates bogus = Coordinates.parse("dev.mixlab.nonexistent:no-such-artifact:0.0.1");
        try {
            assertThatThrownBy(() -> artifacts.resolve(bogus, SILENT))
                    .isInstanceOf(ArtifactNotResolvedException.class)
                    .hasMessageContaining("Could not fetch Maven artifact " + bogus)
                    .hasMessageContaining("mvn exited with")
                    .hasMessageContaining("fix: check that this version is served")
                    .hasMessageNotContaining("\n")
                    .hasMessageNotContaining("://");
        } finally {
            // mvn caches the failure there; it is this test's own litter.
            FileTrees.delete(artifacts.localRepository().resolve("dev/mixlab/nonexistent"));
        }
    }
}
