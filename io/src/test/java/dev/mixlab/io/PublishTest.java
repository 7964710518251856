package dev.mixlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishTest {
    @TempDir Path dir;

    @Test
    void aFileAppearsWholeOrNotAtAll() throws IOException {
        Path target = dir.resolve("a/stats.json");
        Publish.file(target, "one".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(
                        () ->
                                Publish.file(
                                        target,
                                        file -> {
                                            Files.writeString(file, "half");
                                            throw new IOException("disk full");
                                        }))
                .hasMessageContaining("cannot write " + target)
                .hasMessageContaining("disk full");
        assertThat(target).hasContent("one");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(target);
        }
    }

    @Test
    void recoveryPutsBackAnOldVersionLeftAsideByACrash() throws IOException {
        Path target = dir.resolve("m");
        Path aside = Files.createDirectories(dir.resolve(".m.replaced"));
        Files.writeString(aside.resolve("manifest.json"), "old");
        Publish.recover(target);
        assertThat(target.resolve("manifest.json")).hasContent("old");
        assertThat(aside).doesNotExist();
    }

    @Test
    void sha256MatchesTheStandardVector() throws IOException {
        assertThat(Sha256.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Path file = Files.writeString(dir.resolve("f"), "abc");
        assertThat(Sha256.hexOf(file)).isEqualTo(Sha256.hex("abc"));
    }
}
