package dev.mixlab.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded mixlab jar this JVM runs from: the classpath of a local Flink cluster and the one file staged to a remote one. */
final class MixlabJar {
    private MixlabJar() {}

    static Path path() {
        try {
            Path location = Path.of(MixlabJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new CommandFailure("this needs the shaded mixlab jar, but mixlab runs from " + location
                        + "; use bin/mixlab (it builds cli/target/mixlab-cli-all.jar)");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the mixlab jar", e);
        }
    }
}
