package dev.mixlab.launcher;

import dev.mixlab.launcher.proxy.ProxyTrainerMain;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import java.util.Map;

/** The proxy trainer as an external command: a separate JVM on this test's class path. */
final class ExternalTrainer {
    private ExternalTrainer() {}

    static final String TEMPLATE =
            "exec java -Xmx512m -XX:+UseSerialGC -cp \"$TRAINER_CLASSPATH\" "
                    + ProxyTrainerMain.class.getName()
                    + " "
                    + ProxyTrainerMain.ARGUMENTS_TEMPLATE;

    static CommandSpec command() {
        return new CommandSpec(
                TEMPLATE,
                Map.of(
                        "TRAINER_CLASSPATH",
                        System.getProperty("java.class.path"),
                        "DJL_CACHE_DIR",
                        System.getProperty("DJL_CACHE_DIR"),
                        "ENGINE_CACHE_DIR",
                        System.getProperty("ENGINE_CACHE_DIR")));
    }
}
