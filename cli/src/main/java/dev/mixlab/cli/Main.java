package dev.mixlab.cli;

/** Entry point of the shaded jar ({@code bin/mixlab}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // DJL reports its platform and thread settings at INFO on every engine start; our own log
        // says what matters.
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null)
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn");
        System.exit(MixlabCommand.commandLine().execute(args));
    }
}
