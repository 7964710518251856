package dev.mixlab.mixtures;

import dev.mixlab.io.OutputStore;
import dev.mixlab.mixtures.pool.PoolFingerprint;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one layout every command uses under its work directory (docs/WORKDIR.md): {@code
 * pools/<source>-<fingerprint>/}, {@code mixtures/<mixture>/}, {@code runs/<run-id>/}, {@code
 * results/}, {@code reports/<name>/}, {@code search/<name>/}. Everything under it is written,
 * published, locked and deleted through its {@link #store()}, which refuses any path outside the
 * root.
 */
public record WorkDir(Path root) {
    public static final Path DEFAULT = Path.of("mixlab-work");

    /**
     * A pool directory's name: {@code <source>-<fingerprint>}, the fingerprint's first 16 (8 to 64)
     * lower-case hex digits.
     */
    public static final Pattern POOL_NAME = Pattern.compile("(.+)-([0-9a-f]{8,64})");

    /** Hex digits of the fingerprint that name a pool directory. */
    public static final int POOL_FINGERPRINT_DIGITS = 16;

    public WorkDir {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --workdir} if given, else the spec's {@code workdir:}, else {@code ./mixlab-work}. */
    public static WorkDir choose(Path commandLine, AblationSpec spec) {
        if (commandLine != null) return new WorkDir(commandLine);
        if (spec != null && spec.workdir() != null) return new WorkDir(spec.workdir());
        return new WorkDir(DEFAULT);
    }

    /** Where every output under this work directory is written, published, locked and deleted. */
    public OutputStore store() {
        return OutputStore.of(root, "the work directory");
    }

    public Path pools() {
        return root.resolve("pools");
    }

    /** {@code pools/<source>-<first 16 hex digits of fingerprint>}. */
    public Path pool(String source, String fingerprint) {
        return pools().resolve(source + "-" + fingerprint.substring(0, POOL_FINGERPRINT_DIGITS));
    }

    /**
     * The pool directory of {@code source} for its current inputs and settings.
     *
     * @param readLimits the reader's bounds as curation applies them ({@code
     *     ReadLimits.toString()})
     */
    public Path pool(AblationSpec spec, SourceSpec source, String readLimits) {
        return pool(source.name(), PoolFingerprint.of(spec, source, readLimits).hex());
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

    /** Library logs of the commands run on this work directory, one file per command run. */
    public Path logs() {
        return root.resolve("logs");
    }

    public Path search() {
        return root.resolve("search");
    }

    public Path search(String name) {
        return search().resolve(name);
    }
}
