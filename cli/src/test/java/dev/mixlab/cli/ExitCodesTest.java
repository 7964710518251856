package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.mixlab.io.OutputStore;
import dev.mixlab.mixtures.assembly.MixtureInputException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void anInvalidRequestAnywhereInTheCauseChainIsExitTwo() {
        MixtureInputException invalid = new MixtureInputException("source 'code' cannot supply");
        // How Beam's Flink runner hands back a DoFn's exception.
        RuntimeException wrapped =
                new RuntimeException(
                        "Pipeline execution failed", new RuntimeException("job failed", invalid));
        assertThat(ExitCodes.of(wrapped)).isEqualTo(ExitCodes.INVALID);
        assertThat(ExitCodes.invalidRequest(wrapped)).containsSame(invalid);
        assertThat(ExitCodes.of(new UsageException("--decode must be ≥ 0")))
                .isEqualTo(ExitCodes.INVALID);
    }

    /** The IO core sits below {@code InvalidRequestException}; its refusal is exit 2 too. */
    @Test
    void aPathOutsideTheWorkDirectoryIsExitTwo() {
        Path root = Path.of("/tmp/mixlab-work");
        RuntimeException outside =
                catchRuntimeException(
                        () ->
                                OutputStore.local(root, "the work directory")
                                        .inside(root.resolve("runs/x/../../../victim"), "delete"));
        RuntimeException wrapped = new RuntimeException("training failed", outside);
        assertThat(ExitCodes.of(wrapped)).isEqualTo(ExitCodes.INVALID);
        assertThat(MixlabCommand.describe(wrapped, false))
                .startsWith("refusing to delete /tmp/victim: it is outside the work directory");
    }

    @Test
    void everythingElseIsExitOne() {
        assertThat(ExitCodes.of(new UncheckedIOException("disk", new java.io.IOException("x"))))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(ExitCodes.of(new IllegalArgumentException("a bug")))
                .isEqualTo(ExitCodes.FAILURE);
    }
}
