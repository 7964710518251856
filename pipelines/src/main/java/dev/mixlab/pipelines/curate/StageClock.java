package dev.mixlab.pipelines.curate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU time per curation stage in this JVM (embedded Flink or the direct runner), for {@code mixlab
 * bench curate}. Off unless a benchmark starts it: reading a thread's CPU clock costs about a
 * microsecond.
 *
 * <p>Chained stages call each other on one thread (a stage's output runs the next stage before it
 * returns), so a stage's own time is not the time around its call. Each thread instead has one
 * running stage: entering a stage charges the CPU time since the last switch to the one it
 * interrupts, and leaving it charges its own share and resumes the interrupted one. Time outside
 * any stage (Flink's sort and network, coders, Beam's own steps) is left to the caller as the
 * process total minus the stages.
 */
public final class StageClock {
    /** MinHash signatures and band keys of near dedup. */
    public static final String MINHASH = "minhash";

    /** Tokenizing kept documents and assigning their split. */
    public static final String TOKENIZE = "tokenize";

    /** Reading a pool part's grouped records, sorting them and writing Parquet. */
    public static final String WRITE_PARTS = "write_parts";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Running> RUNNING = ThreadLocal.withInitial(Running::new);
    private static volatile boolean started;

    private StageClock() {}

    /** Clears the totals and starts charging. */
    public static void start() {
        NANOS.clear();
        started = true;
    }

    /** Stops charging and returns the CPU seconds per stage since {@link #start}, by name. */
    public static Map<String, Double> stop() {
        started = false;
        Map<String, Double> seconds = new TreeMap<>();
        NANOS.forEach((stage, nanos) -> seconds.put(stage, nanos.sum() / 1e9));
        return seconds;
    }

    /** Work charged to a stage; {@code E} is what it may throw. */
    interface Work<E extends Exception> {
        void run() throws E;
    }

    /** Runs {@code work} as {@code stage}, then resumes the stage it interrupted. */
    static <E extends Exception> void charge(String stage, Work<E> work) throws E {
        String interrupted = switchTo(stage);
        try {
            work.run();
        } finally {
            switchTo(interrupted);
        }
    }

    /**
     * Charges this thread's CPU time since its last switch to its running stage and makes {@code
     * stage} (null: none) the running one; returns the stage it replaced, to switch back to.
     */
    static String switchTo(String stage) {
        if (!started) return null;
        Running running = RUNNING.get();
        long now = THREADS.getCurrentThreadCpuTime();
        if (running.stage != null)
            NANOS.computeIfAbsent(running.stage, s -> new LongAdder()).add(now - running.since);
        String replaced = running.stage;
        running.stage = stage;
        running.since = now;
        return replaced;
    }

    private static final class Running {
        String stage;
        long since;
    }
}
