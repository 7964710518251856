package dev.mixlab.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sample upload killed mid-build leaves its local copy, which the next upload removes. */
class SampleTemporaryDirsTest {
    @TempDir Path temporary;

    @Test
    void onlyTheTemporaryDirectoriesOfDeadProcessesAreRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path dead =
                Files.createDirectories(
                        temporary.resolve("mixlab-sample-" + finished.pid() + "-1"));
        Files.writeString(dead.resolve("text.jsonl.zst"), "half a sample");
        Path live =
                Files.createDirectories(
                        temporary.resolve("mixlab-sample-" + ProcessHandle.current().pid() + "-2"));
        Path notOurs = Files.createDirectories(temporary.resolve("mixlab-sample-notes-3"));
        Path other = Files.createDirectories(temporary.resolve("other-" + finished.pid() + "-4"));

        SampleCorpora.removeTemporaryDirsOfDeadBuilds(temporary);

        assertThat(dead).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(other).isDirectory();
    }
}
