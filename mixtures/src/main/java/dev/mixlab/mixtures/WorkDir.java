package dev.mixlab.mixtures;

import dev.mixlab.mixtures.spec.AblationSpec;
import java.nio.file.Path;

/**
 * The one layout every command uses under its work directory (docs/WORKDIR.md): {@code
 * pools/<source>-<fingerprint>/}, {@code mixtures/<mixture>/}, {@code runs/<run-id>/}, {@code
 * results/}, {@code reports/<name>/}, {@code search/<name>/}.
 */
public record WorkDir(Path root) {
    public static final Path DEFAULT = Path.of("mixlab-work");

    public WorkDir {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --workdir} if given, else the spec's {@code workdir:}, else {@code ./mixlab-work}. */
    public static WorkDir choose(Path commandLine, AblationSpec spec) {
        if (commandLine != null) return new WorkDir(commandLine);
        if (spec != null && spec.workdir() != null) return new WorkDir(spec.workdir());
        return new WorkDir(DEFAULT);
    }

    public Path pools() {
        return root.resolve("pools");
    }

    public Path mixtures() {
        return root.resolve("mixtures");
    }

    public Path mixture(String name) {
        return mixtures().resolve(name);
    }

    public Path runs() {
        return root.resolve("runs");
    }

    public Path run(String runId) {
        return runs().resolve(runId);
    }

    public Path results() {
        return root.resolve("results");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    public Path report(String name) {
        return reports().resolve(name);
    }

    public Path search() {
        return root.resolve("search");
    }

    public Path search(String name) {
        return search().resolve(name);
    }
}
