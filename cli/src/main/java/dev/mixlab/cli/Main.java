package dev.mixlab.cli;

import picocli.CommandLine;

/** Entry point of the shaded jar ({@code bin/mixlab}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(MixlabCommand.commandLine().execute(args));
    }
}
