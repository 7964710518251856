package dev.mixlab.cli;

import java.io.PrintStream;

/**
 * The process's real standard output and error, which belong to mixlab's own lines. Once {@link
 * LibraryLog#install} has taken {@code System.out} and {@code System.err} for library logging,
 * commands write their progress here; before that (in-process tests) these are the current streams.
 */
final class Terminal {
    private static volatile PrintStream out;
    private static volatile PrintStream err;

    private Terminal() {}

    /** Called once by {@link LibraryLog#install}, before it replaces the standard streams. */
    static void claim(PrintStream realOut, PrintStream realErr) {
        out = realOut;
        err = realErr;
    }

    static PrintStream out() {
        PrintStream claimed = out;
        return claimed != null ? claimed : System.out;
    }

    static PrintStream err() {
        PrintStream claimed = err;
        return claimed != null ? claimed : System.err;
    }
}
