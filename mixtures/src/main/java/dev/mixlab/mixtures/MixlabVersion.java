package dev.mixlab.mixtures;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The software version, recorded in manifests and fingerprints so outputs say what built them. */
public final class MixlabVersion {
    private static final String VERSION = load();

    private MixlabVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in =
                MixlabVersion.class.getResourceAsStream("mixlab-version.properties")) {
            if (in == null)
                throw new IllegalStateException(
                        "mixlab-version.properties is missing from the mixtures jar; rebuild with mvn");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mixlab-version.properties", e);
        }
    }
}
