package dev.mixlab.io;

import java.nio.file.Path;

/**
 * A second process for the lock tests: takes the lock of the output named on the command line,
 * prints "locked" and waits to be killed.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        OutputStore store = OutputStore.local(Path.of(args[0]), "the work directory");
        store.lock(Path.of(args[1]), "mixlab mix (test holder)");
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
