package dev.mixlab.launcher.run;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * SHA-256 of a built mixture's {@code manifest.json}: what a run records to notice a rebuilt
 * mixture.
 */
public final class ManifestHash {
    private ManifestHash() {}

    public static String of(Path mixtureDir) {
        Path manifest = mixtureDir.resolve(MixtureManifest.FILE_NAME);
        try {
            return Sha256.hex(Files.readAllBytes(manifest));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "mixture "
                            + mixtureDir.getFileName()
                            + " is not built (no "
                            + manifest
                            + "); run `mixlab build` first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }
}
