package dev.mixlab.launcher.run;

import dev.mixlab.mixtures.assembly.MixtureManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a built mixture's {@code manifest.json}: what a run records to notice a rebuilt
 * mixture.
 */
public final class ManifestHash {
    private ManifestHash() {}

    public static String of(Path mixtureDir) {
        Path manifest = mixtureDir.resolve(MixtureManifest.FILE_NAME);
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(Files.readAllBytes(manifest)));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "mixture "
                            + mixtureDir.getFileName()
                            + " is not built (no "
                            + manifest
                            + "); run `mixlab build` first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
