package dev.mixlab.cli;

/** The exit codes every command keeps to (scripts depend on them). */
public final class ExitCodes {
    public static final int OK = 0;

    /** Something failed while running. */
    public static final int FAILURE = 1;

    /** Invalid usage or invalid configuration: nothing was run. */
    public static final int INVALID = 2;

    private ExitCodes() {}
}
