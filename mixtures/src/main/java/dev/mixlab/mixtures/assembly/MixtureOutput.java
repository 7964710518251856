package dev.mixlab.mixtures.assembly;

import dev.mixlab.io.OutputStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How a mixture directory comes into being, the same for the single-JVM {@link MixtureBuilder} and
 * a distributed build: under the mixture's lock, everything is written into the staging directory
 * {@code .<mixture>.partial-<fingerprint prefix>} next to the final directory ({@link #stage});
 * {@code manifest.json}, the commit marker, is written last and the directory is renamed into place
 * holding exactly the files the manifest lists ({@link #publish}). A rerun with the same inputs
 * finds the staging directory again and keeps its completed shards. A finished directory whose
 * manifest carries the inputs' fingerprint is up to date.
 */
public final class MixtureOutput {
    private MixtureOutput() {}

    /** True when {@code outDir} holds a finished build of exactly these inputs. */
    public static boolean isBuilt(Path outDir, String fingerprint) {
        try {
            return MixtureManifest.read(outDir).fingerprint().equals(fingerprint);
        } catch (RuntimeException missingOrUnreadable) {
            // No manifest, a damaged one or one of an older format: a stale build, rebuilt and
            // replaced.
            return false;
        }
    }

    /**
     * The staging directory of a build with {@code fingerprint}, under the mixture's lock.
     *
     * @param resume keep the shards an interrupted build with the same inputs completed
     */
    public static OutputStore.Staging stage(
            OutputStore store, Path outDir, String fingerprint, boolean resume) {
        return store.stage(outDir, fingerprint.substring(0, 16), resume);
    }

    /**
     * Writes {@code manifest} last and renames the staging directory to the mixture's, replacing an
     * older build; whatever the manifest does not list (temporary files of killed writers, worker
     * reports) is removed first.
     */
    public static void publish(OutputStore.Staging staging, MixtureManifest manifest) {
        staging.publish(
                MixtureManifest.FILE_NAME,
                manifest.toJson().getBytes(StandardCharsets.UTF_8),
                manifest.files());
    }
}
