package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock of one output: an operating-system lock ({@code fcntl}) on {@code .<name>.lock} beside
 * it. The kernel releases it when its holder exits, however it exits (kill -9 included), so a dead
 * holder never blocks anyone. While held, the file names the holder (PID, host, command, start
 * time) for the message a second writer gets; on release it is emptied but kept, because deleting a
 * lock file lets a process that opened it just before lock a file nobody else sees.
 *
 * <p>The holder never opens its lock file a second time: POSIX releases a process's lock when any
 * of its descriptors of that file is closed. Locks held by this JVM are therefore also tracked in
 * memory, and a second command of this process is refused from there.
 */
public final class OutputLock implements AutoCloseable {
    static final String SUFFIX = ".lock";
    // Outputs locked by this JVM: the OS lock is per process, so two commands of one process must
    // be kept apart here.
    private static final Map<Path, Holder> HELD_HERE = new ConcurrentHashMap<>();

    /** Who holds a lock, as it recorded itself. */
    public record Holder(long pid, String host, String command, String since) {
        static Holder current(String command) {
            return new Holder(
                    ProcessHandle.current().pid(),
                    LocalHost.NAME,
                    command,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }

        /** "PID 4242 on host node-1 (mixlab mix, since 2025-01-01T10:00:00Z)". */
        public String describe() {
            return "PID " + pid + " on host " + host + " (" + command + ", since " + since + ")";
        }

        byte[] toBytes() {
            return ("pid="
                            + pid
                            + "\nhost="
                            + host
                            + "\ncommand="
                            + command.replace('\n', ' ')
                            + "\nsince="
                            + since
                            + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Holder parse(String text) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
            try {
                return new Holder(
                        Long.parseLong(fields.get("pid")),
                        fields.getOrDefault("host", "?"),
                        fields.getOrDefault("command", "?"),
                        fields.getOrDefault("since", "?"));
            } catch (NumberFormatException | NullPointerException incomplete) {
                return null; // written by a holder that had not finished writing it
            }
        }
    }

    private final Path output;
    // Holds the lock: closing it is the only release (see the class comment). Null for a lock
    // object in a store without OS locks, which close() deletes instead.
    private final FileChannel channel;
    private final Path lockObject;
    private boolean released;

    private OutputLock(Path output, FileChannel channel) {
        this(output, channel, null);
    }

    private OutputLock(Path output, FileChannel channel, Path lockObject) {
        this.output = output;
        this.channel = channel;
        this.lockObject = lockObject;
    }

    public Path output() {
        return output;
    }

    /** The lock file of {@code output}: {@code .<name>.lock} in the same directory. */
    static Path fileOf(Path output) {
        return output.resolveSibling("." + output.getFileName() + SUFFIX);
    }

    static boolean heldHere(Path output) {
        return HELD_HERE.containsKey(output);
    }

    /** How a lock is taken once this process has reserved it: by an OS lock or a lock object. */
    private interface Taking {
        OutputLock take(Holder me, Path file) throws IOException;
    }

    /**
     * Reserves {@code output} in this process, then takes its lock file {@code file} with {@code
     * taking}; the reservation is undone if that fails.
     */
    private static OutputLock acquire(Path output, String command, Taking taking) {
        Holder me = Holder.current(command);
        Holder here = HELD_HERE.putIfAbsent(output, me);
        if (here != null) throw new OutputBusyException(output, here);
        Path file = fileOf(output);
        try {
            Files.createDirectories(output.getParent()); // nothing to create in an object store
            return taking.take(me, file);
        } catch (IOException e) {
            HELD_HERE.remove(output);
            throw new UncheckedIOException(
                    "cannot lock " + output + " (" + file + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD_HERE.remove(output);
            throw e;
        }
    }

    /**
     * @throws OutputBusyException when someone holds it
     */
    static OutputLock acquire(Path output, String command) {
        return acquire(
                output,
                command,
                (me, file) -> {
                    FileChannel channel =
                            FileChannel.open(
                                    file,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.READ,
                                    StandardOpenOption.WRITE);
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (IOException | RuntimeException e) {
                        channel.close();
                        throw e;
                    }
                    if (lock == null) {
                        channel.close();
                        throw new OutputBusyException(output, recordedHolder(file));
                    }
                    try {
                        channel.truncate(0);
                        channel.write(ByteBuffer.wrap(me.toBytes()), 0);
                        channel.force(false);
                    } catch (IOException e) {
                        channel.close();
                        throw e;
                    }
                    return new OutputLock(output, channel);
                });
    }

    /**
     * The lock of an output in an object store, which has no OS locks: a lock object {@code
     * .<name>.lock} naming the holder, deleted on release. A lock object left by a holder that died
     * on this host (its PID is gone) is taken over; one left by a holder on another host blocks
     * until it is deleted, and the message says so. Two processes that look at a missing lock
     * object at the same instant can both take it: the stores reachable through Beam's file systems
     * offer no conditional create.
     *
     * @throws OutputBusyException when someone holds it
     */
    static OutputLock acquireObject(Path output, String command) {
        return acquire(
                output,
                command,
                (me, file) -> {
                    if (Files.exists(file)) {
                        Holder holder = recordedHolder(file);
                        if (holder != null && !deadOnThisHost(holder))
                            throw new OutputBusyException(output, holder);
                    }
                    Files.write(file, me.toBytes());
                    return new OutputLock(output, null, file);
                });
    }

    private static boolean deadOnThisHost(Holder holder) {
        return holder.host().equals(LocalHost.NAME)
                && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    /** {@link #acquireObject}, or null when someone holds it. */
    static OutputLock tryAcquireObject(Path output, String command) {
        try {
            return acquireObject(output, command);
        } catch (OutputBusyException busy) {
            return null;
        }
    }

    /** The lock, or null when someone holds it. */
    static OutputLock tryAcquire(Path output, String command) {
        try {
            return acquire(output, command);
        } catch (OutputBusyException busy) {
            return null;
        }
    }

    /** What another process wrote into a lock file it holds (this process holds no lock on it). */
    private static Holder recordedHolder(Path file) {
        try {
            return Holder.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null; // the message then says "another process"; the lock itself is what counts
        }
    }

    /** Empties the lock file and releases the lock; closing twice does nothing. */
    @Override
    public void close() {
        if (lockObject != null) {
            closeObject();
            return;
        }
        if (!channel.isOpen()) return;
        try {
            channel.truncate(0);
        } catch (IOException stale) {
            // The holder's record stays in the file; only the lock itself counts.
        }
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot release the lock of " + output + ": " + e.getMessage(), e);
        } finally {
            HELD_HERE.remove(output);
        }
    }

    private void closeObject() {
        if (released) return;
        released = true;
        try {
            Files.deleteIfExists(lockObject);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot release the lock of "
                            + output
                            + " ("
                            + lockObject
                            + "): "
                            + e.getMessage(),
                    e);
        } finally {
            HELD_HERE.remove(output);
        }
    }

    private static final class LocalHost {
        static final String NAME = name();

        private static String name() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        }
    }
}
