package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a spec file must be before it is parsed: small (issue 12, point 7) and UTF-8 (point 15). */
class SpecFileTest {
    @TempDir Path dir;

    @Test
    void aFileLargerThanAnySpecIsRefusedBeforeParsing() throws Exception {
        Path huge = dir.resolve("huge.yaml");
        // The adversarial run's case: one long string (quadratic to parse), here 2 MiB.
        Files.writeString(huge, "description: \"" + "x".repeat(2 << 20) + "\"\n");
        assertThatThrownBy(() -> SpecLoader.load(huge))
                .isInstanceOf(SpecException.class)
                .hasMessage(
                        huge
                                + ": the spec file is larger than 1 MiB; a spec is a few kilobytes of YAML, is this the right file?");

        Path zeros = dir.resolve("zeros.yaml");
        Files.createSymbolicLink(zeros, Path.of("/dev/zero"));
        assertThatThrownBy(() -> SpecLoader.load(zeros)).hasMessageContaining("larger than 1 MiB");

        // YAML that does not come from a file has the parser's own bound.
        assertThatThrownBy(
                        () ->
                                SpecLoader.parse(
                                        dir.resolve("s.yaml"),
                                        "description: \"" + "x".repeat(2 << 20) + "\"\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void aSpecThatIsNotUtf8NamesTheByteLineAndColumn() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // A UTF-8 file with one Latin-1 byte (ç) after a two-byte UTF-8 character (ü).
        bytes.write("name: x\ndescription: Müller ".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE7);
        bytes.write("a\nsources: []\n".getBytes(StandardCharsets.UTF_8));
        Files.write(latin1, bytes.toByteArray());
        SpecException e = catchThrowableOfType(() -> SpecLoader.load(latin1), SpecException.class);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(21);
        assertThat(e.getMessage())
                .isEqualTo(
                        latin1
                                + ":2:21: the spec file must be UTF-8: byte 0xE7 at offset 29 (line 2,"
                                + " column 21) does not start a valid UTF-8 sequence; save the file as UTF-8");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> SpecLoader.load(dir.resolve("nope.yaml")))
                .hasMessage(
                        dir.resolve("nope.yaml")
                                + ": cannot read the spec file: it does not exist");
    }
}
