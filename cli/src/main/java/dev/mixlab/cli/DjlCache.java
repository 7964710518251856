package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import java.nio.file.Path;

/**
 * Where DJL unpacks libtorch (~450 MB): under the project's {@code .cache/djl} when started by
 * {@code bin/mixlab} (which passes {@code mixlab.home}), else under the work directory — never the
 * user's home. A value the user set (system property or environment) wins.
 */
final class DjlCache {
    private DjlCache() {}

    static void configure(WorkDir work) {
        String home = System.getProperty("mixlab.home");
        Path cache =
                home != null
                        ? Path.of(home, ".cache", "djl")
                        : work.root().resolve(".cache").resolve("djl");
        for (String key : new String[] {"DJL_CACHE_DIR", "ENGINE_CACHE_DIR"}) {
            if (System.getProperty(key) == null && System.getenv(key) == null)
                System.setProperty(key, cache.toAbsolutePath().toString());
        }
        if (System.getProperty("ai.djl.offline") == null)
            System.setProperty("ai.djl.offline", "true");
    }
}
