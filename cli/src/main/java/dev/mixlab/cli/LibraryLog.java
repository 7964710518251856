package dev.mixlab.cli;

import dev.mixlab.io.StoragePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import picocli.CommandLine;

/**
 * Keeps library logging off the terminal: everything the libraries write (Flink, Beam, Parquet, DJL
 * through SLF4J, java.util.logging, or straight to {@code System.out}/{@code System.err}) goes to
 * {@code WORKDIR/logs/<command>-<yyyyMMdd-HHmmss>.log}, like Flink's {@code log/} directory or
 * npm's debug logs; {@code --verbose} copies it to stderr as well. The terminal keeps mixlab's own
 * lines ({@link Terminal}).
 *
 * <p>What is logged before the command knows its work directory is held (in memory, then in a
 * temporary file) and written at the top of the log once it does. A command that has no work
 * directory ({@code sample}, {@code inspect}) logs to {@code $TMPDIR/mixlab-logs/}; nothing is
 * created when nothing was logged. The file stays open after the command returns, so shutdown hooks
 * (Flink's cleanup) log there too rather than after the final summary.
 *
 * <p>Native code (libtorch's C++ warnings) writes to file descriptor 2 directly, out of {@code
 * System.err}'s reach: on Linux that descriptor is pointed at the same log ({@link NativeStderr})
 * and mixlab's own stderr lines go to a duplicate of the original one.
 */
final class LibraryLog extends OutputStream {
    /** Held in memory before the log file is known; beyond this, in a temporary file. */
    private static final int MEMORY_LIMIT = 1 << 20;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static volatile LibraryLog installed;

    private final PrintStream echo;
    private final NativeStderr nativeStderr;
    private final String started = LocalDateTime.now().format(STAMP);
    private volatile String command = "mixlab";
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private Path spill;
    private OutputStream spillStream;
    private Path file;
    private OutputStream fileStream;
    private boolean failed;

    private LibraryLog(PrintStream echo, NativeStderr nativeStderr) {
        this.echo = echo;
        this.nativeStderr = nativeStderr;
    }

    /**
     * Takes over {@code System.out} and {@code System.err} for library output; call first thing in
     * {@code main}, before any library class is loaded.
     *
     * @param args the command line: {@code --verbose} anywhere also echoes the log to stderr
     */
    static LibraryLog install(String[] args) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        boolean verbose = List.of(args).contains("--verbose");
        // With --verbose, native output stays on the terminal too.
        NativeStderr nativeStderr =
                verbose
                        ? null
                        : NativeStderr.redirect(
                                        Path.of(
                                                System.getProperty("java.io.tmpdir"),
                                                "mixlab-"
                                                        + ProcessHandle.current().pid()
                                                        + "-stderr.log"))
                                .orElse(null);
        PrintStream terminalErr =
                nativeStderr == null
                        ? realErr
                        : new PrintStream(nativeStderr.terminal(), true, StandardCharsets.UTF_8);
        Terminal.claim(realOut, terminalErr);
        LibraryLog log = new LibraryLog(verbose ? realErr : null, nativeStderr);
        PrintStream sink = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        defaultProperty("org.slf4j.simpleLogger.logFile", "System.err");
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        // java.util.logging's console handler holds the stderr of its creation: make it ours.
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) root.removeHandler(handler);
        root.addHandler(new ConsoleHandler());
        installed = log;
        return log;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /** Names the log after the command being run ({@link #commandName}), before it runs. */
    void command(String name) {
        command = name;
    }

    /**
     * Sends the log of this process to {@code logsDir/<command>-<timestamp>.log} (created when
     * something is logged); the first call wins. No-op unless {@link #install}ed.
     */
    static void writeTo(Path logsDir) {
        // A log streamed into an object store would be invisible until closed, and the store's
        // client logs while writing it: a work directory in s3:// keeps its logs on local disk.
        if (!StoragePaths.isLocal(logsDir)) logsDir = localLogs();
        LibraryLog log = installed;
        if (log != null) log.target(logsDir.resolve(log.command + "-" + log.started + ".log"));
    }

    private static Path localLogs() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mixlab-logs");
    }

    /**
     * The name a command's log is filed under: its subcommand path, e.g. {@code eval-import}
     * ({@code mixlab} when none was parsed).
     */
    static String commandName(CommandLine.ParseResult parsed) {
        StringBuilder name = new StringBuilder();
        for (CommandLine.ParseResult p = parsed == null ? null : parsed.subcommand();
                p != null;
                p = p.subcommand()) {
            if (name.length() > 0) name.append('-');
            name.append(p.commandSpec().name());
        }
        return name.length() == 0 ? "mixlab" : name.toString();
    }

    /** The log file written so far, if any. */
    static Optional<Path> current() {
        LibraryLog log = installed;
        if (log == null) return Optional.empty();
        synchronized (log) {
            return Optional.ofNullable(log.fileStream != null ? log.file : null);
        }
    }

    /**
     * At the end of the command: what was logged without a work directory goes to {@code
     * $TMPDIR/mixlab-logs/}. Returns the log file, if anything was logged.
     */
    synchronized Optional<Path> finish() {
        boolean nativeOutput = false;
        try {
            nativeOutput = nativeStderr != null && nativeStderr.wroteAnything();
        } catch (IOException e) {
            giveUp(e);
        }
        if (fileStream == null
                && (held == null || held.size() > 0 || spill != null || nativeOutput)) {
            if (file == null) file = localLogs().resolve(command + "-" + started + ".log");
            open();
        }
        flush();
        if (fileStream == null && nativeStderr != null) {
            try {
                Files.deleteIfExists(nativeStderr.file());
            } catch (IOException e) {
                giveUp(e);
            }
        }
        return Optional.ofNullable(fileStream != null ? file : null);
    }

    private synchronized void target(Path logFile) {
        if (file != null) return;
        file = logFile;
        if ((held != null && held.size() > 0) || spill != null) open();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (echo != null) echo.write(bytes, offset, length);
        if (failed) return;
        try {
            if (fileStream == null && file != null) open();
            if (fileStream != null) {
                fileStream.write(bytes, offset, length);
            } else if (spillStream != null) {
                spillStream.write(bytes, offset, length);
            } else {
                held.write(bytes, offset, length);
                if (held.size() > MEMORY_LIMIT) spill();
            }
        } catch (IOException | UncheckedIOException e) {
            giveUp(e);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            if (fileStream != null) fileStream.flush();
            if (echo != null) echo.flush();
        } catch (IOException e) {
            giveUp(e);
        }
    }

    private void spill() throws IOException {
        spill = Files.createTempFile("mixlab-library-log", ".log");
        spillStream = Files.newOutputStream(spill);
        held.writeTo(spillStream);
        held = null;
    }

    /** Opens the log file and moves what was held into it. */
    private void open() {
        if (failed || fileStream != null) return;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            OutputStream stream =
                    Files.newOutputStream(
                            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (spill != null) {
                spillStream.close();
                Files.copy(spill, stream);
                Files.delete(spill);
                spill = null;
                spillStream = null;
            } else if (held != null) {
                held.writeTo(stream);
            }
            held = null;
            fileStream = stream;
            if (nativeStderr != null) nativeStderr.moveTo(file);
        } catch (IOException e) {
            giveUp(e);
        }
    }

    /**
     * A log that cannot be written must not stop the command: say so once on the terminal and drop
     * library output from then on.
     */
    private void giveUp(Exception e) {
        if (failed) return;
        failed = true;
        Terminal.err()
                .println(
                        "mixlab: cannot write the library log "
                                + (file != null ? file : "")
                                + " ("
                                + e.getMessage()
                                + "); library output is dropped, --verbose shows it");
    }
}
