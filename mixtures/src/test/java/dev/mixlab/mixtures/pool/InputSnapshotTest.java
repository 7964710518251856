package dev.mixlab.mixtures.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSnapshotTest {
    @TempDir Path dir;

    @Test
    void listsRegularFilesWithSizeAndTimeInPathOrder() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("b.jsonl"), "{}\n{}\n");
        Files.writeString(corpus.resolve("a.jsonl"), "{}\n");
        Files.createSymbolicLink(corpus.resolve("dangling.jsonl"), dir.resolve("gone"));
        Files.setLastModifiedTime(corpus.resolve("a.jsonl"), FileTime.fromMillis(1_000));

        InputSnapshot snapshot = InputSnapshot.of(List.of(corpus));

        assertThat(snapshot.lines())
                .containsExactly(
                        corpus.resolve("a.jsonl") + "|3|1000",
                        corpus.resolve("b.jsonl")
                                + "|6|"
                                + Files.getLastModifiedTime(corpus.resolve("b.jsonl")).toMillis());
    }

    @Test
    void aFileThatVanishedAppearedOrChangedIsRefusedNamingIt() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path a = Files.writeString(corpus.resolve("a.jsonl"), "{\"text\": \"one\"}\n");
        Path dangling =
                Files.createSymbolicLink(corpus.resolve("dangling.jsonl"), dir.resolve("gone"));
        InputSnapshot snapshot = InputSnapshot.of(List.of(corpus));
        snapshot.requireUnchanged(a, "text");
        snapshot.requireUnchanged(
                dangling, "text"); // not an input it tracks: the reader reports it

        Path away = dir.resolve("a.jsonl");
        Files.move(a, away);
        assertThatThrownBy(() -> snapshot.requireUnchanged(a, "text"))
                .isInstanceOf(InputSnapshot.InputChangedException.class)
                .hasMessage(
                        "input "
                                + a
                                + " vanished while the pool of source 'text' was being curated, so that pool"
                                + " was not published; put the file back as it was, or run curate again to"
                                + " curate the inputs as they are now");
        Files.move(away, a);
        snapshot.requireUnchanged(a, "text"); // back as it was: a move keeps size and time

        FileTime time = Files.getLastModifiedTime(a);
        Files.writeString(a, "{\"text\": \"two\"}\n");
        Files.setLastModifiedTime(a, time);
        snapshot.requireUnchanged(a, "text"); // same size and time: indistinguishable by design
        Files.writeString(a, "{\"text\": \"three\"}\n");
        assertThatThrownBy(() -> snapshot.requireUnchanged(a, "text"))
                .hasMessageContaining("input " + a + " changed (from 16 bytes modified at ");

        Files.createDirectories(dir.resolve("gone").getParent());
        Files.writeString(dir.resolve("gone"), "{}\n");
        assertThatThrownBy(() -> snapshot.requireUnchanged(dangling, "text"))
                .hasMessageContaining("input " + dangling + " appeared while the pool");
    }
}
