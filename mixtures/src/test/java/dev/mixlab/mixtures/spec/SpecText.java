package dev.mixlab.mixtures.spec;

import java.nio.file.Path;

/**
 * Spec text parsed as if read from DIR/spec.yaml, for tests of what the loader accepts or rejects.
 */
final class SpecText {
    private SpecText() {}

    static AblationSpec load(Path dir, String yaml) {
        return SpecLoader.parse(dir.resolve("spec.yaml"), yaml);
    }

    /** The exception the loader rejects the text with; the test fails if the text is accepted. */
    static SpecException rejection(Path dir, String yaml) {
        try {
            load(dir, yaml);
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("expected the spec to be rejected:\n" + yaml);
    }
}
