package dev.mixlab.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File descriptor 2 of the process pointed at a log file, for what native libraries write there
 * directly (libtorch's C++ warnings): Java's {@code System.setErr} cannot reach them. The terminal
 * stays reachable through a duplicate of the original descriptor ({@link #terminal()}). Linux only
 * (through JNA, which DJL already ships); elsewhere, or if any call fails, nothing is redirected.
 */
final class NativeStderr {
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;

    /** The C library calls used. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags, int mode);

        int close(int fd);

        long write(int fd, byte[] bytes, long count);
    }

    private final LibC libc;
    private final int terminal;
    private Path file;

    private NativeStderr(LibC libc, int terminal, Path file) {
        this.libc = libc;
        this.terminal = terminal;
        this.file = file;
    }

    /**
     * Points descriptor 2 at {@code file} (appending, created if missing), keeping a duplicate of
     * the original for the terminal; empty when that is not possible here.
     */
    static Optional<NativeStderr> redirect(Path file) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"))
            return Optional.empty();
        try {
            LibC libc = Native.load("c", LibC.class);
            int terminal = libc.dup(STDERR);
            if (terminal < 0) return Optional.empty();
            NativeStderr redirected = new NativeStderr(libc, terminal, null);
            if (!redirected.point(file)) {
                libc.close(terminal);
                return Optional.empty();
            }
            return Optional.of(redirected);
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The original stderr (the terminal, or wherever the user redirected it). */
    OutputStream terminal() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                byte[] chunk =
                        offset == 0 && length == bytes.length
                                ? bytes
                                : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                long done = 0;
                while (done < length) {
                    byte[] rest =
                            done == 0
                                    ? chunk
                                    : java.util.Arrays.copyOfRange(chunk, (int) done, length);
                    long written = libc.write(terminal, rest, rest.length);
                    if (written <= 0) return; // a closed terminal: nothing more to show
                    done += written;
                }
            }
        };
    }

    /**
     * Moves descriptor 2 to {@code target}: what was written to the current file is appended to it
     * first, and the current file is deleted.
     */
    synchronized void moveTo(Path target) throws IOException {
        if (target.equals(file)) return;
        Files.createDirectories(target.toAbsolutePath().getParent());
        long copied = 0;
        if (Files.exists(file)) {
            copied = Files.size(file);
            append(file, 0, copied, target);
        }
        Path previous = file;
        if (!point(target)) throw new IOException("cannot redirect stderr to " + target);
        // Lines written between the copy and the switch.
        if (Files.exists(previous) && Files.size(previous) > copied)
            append(previous, copied, Files.size(previous), target);
        Files.deleteIfExists(previous);
    }

    /** Whether anything was written to the current file. */
    synchronized boolean wroteAnything() throws IOException {
        return Files.exists(file) && Files.size(file) > 0;
    }

    synchronized Path file() {
        return file;
    }

    private boolean point(Path target) {
        int fd = libc.open(target.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0) return false;
        boolean moved = libc.dup2(fd, STDERR) >= 0;
        libc.close(fd);
        if (moved) file = target;
        return moved;
    }

    private static void append(Path from, long start, long end, Path to) throws IOException {
        try (var in = Files.newByteChannel(from);
                var out =
                        Files.newOutputStream(
                                to,
                                java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND)) {
            in.position(start);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
            long left = end - start;
            while (left > 0) {
                buffer.clear();
                if (buffer.capacity() > left) buffer.limit((int) left);
                int n = in.read(buffer);
                if (n < 0) break;
                out.write(buffer.array(), 0, n);
                left -= n;
            }
        }
    }
}
