package dev.mixlab.pipelines.curate;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints records read, MB and rate every few seconds while a local job runs, then the documents
 * exact dedup kept as they are read a second time (on one line when the output is a terminal).
 * Closed when the job ends.
 */
final class CurationProgressDisplay implements AutoCloseable {
    private final Thread thread;

    private CurationProgressDisplay(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts the display for a local run; a cluster's workers are elsewhere, so nothing is shown
     * for them.
     */
    static CurationProgressDisplay start(String source, boolean local, PrintStream out) {
        if (!local) return new CurationProgressDisplay(null);
        boolean terminal = System.console() != null;
        long startRecords = CurationProgress.records();
        long startReadAgain = CurationProgress.readAgain();
        long startBytes = CurationProgress.bytes();
        long startNanos = System.nanoTime();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    Thread.sleep(terminal ? 1000 : 5000);
                                    double seconds = (System.nanoTime() - startNanos) / 1e9;
                                    double mb = (CurationProgress.bytes() - startBytes) / 1e6;
                                    String line =
                                            String.format(
                                                    Locale.ROOT,
                                                    "  %s: %,d records read, %.1f MB, %.1f MB/s, %.0f s",
                                                    source,
                                                    CurationProgress.records() - startRecords,
                                                    mb,
                                                    mb / seconds,
                                                    seconds);
                                    long readAgain = CurationProgress.readAgain() - startReadAgain;
                                    if (readAgain > 0)
                                        line +=
                                                String.format(
                                                        Locale.ROOT,
                                                        "; %,d kept by exact dedup read again",
                                                        readAgain);
                                    if (terminal) out.print("\r" + line);
                                    else out.println(line);
                                    out.flush();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            if (terminal) out.println();
                        },
                        "mixlab-progress");
        thread.setDaemon(true);
        thread.start();
        return new CurationProgressDisplay(thread);
    }

    @Override
    public void close() {
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
