package dev.mixlab.mixtures.pool;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The input files of a pool as they were when its fingerprint was taken: every regular file under
 * the inputs with its size and modification time. Curation reads against it: a file that vanished,
 * appeared or changed by the time it is read (or while it is read) makes the job fail rather than
 * publish a pool under a fingerprint of inputs it did not read ({@link #requireUnchanged}).
 */
public final class InputSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One regular file: its absolute path, size in bytes and modification time in milliseconds. */
    public record Entry(String path, long size, long modifiedMillis) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** {@code path|size|modified}: the line the fingerprint covers. */
        String line() {
            return path + "|" + size + "|" + modifiedMillis;
        }
    }

    private final List<Entry> entries;
    private transient Map<String, Entry> byPath;

    private InputSnapshot(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Lists the regular files under {@code inputs} (files or directories), each input's files in
     * path order, inputs in the order given.
     *
     * @throws UncheckedIOException naming the input that cannot be listed or measured
     */
    public static InputSnapshot of(List<Path> inputs) {
        List<Entry> entries = new ArrayList<>();
        for (Path input : inputs) {
            for (Path file : regularFiles(input)) {
                Entry entry = measure(file);
                if (entry == null)
                    throw new UncheckedIOException(
                            "input " + file + " vanished while its source's inputs were listed",
                            new NoSuchFileException(file.toString()));
                entries.add(entry);
            }
        }
        return new InputSnapshot(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** {@code path|size|modified} per entry, in order: what the pool fingerprint covers. */
    public List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    /**
     * Checks that {@code file} is as it was when the snapshot was taken. A path that is not a
     * regular file now and was not one then (a dangling link) is not an input the snapshot tracks;
     * the reader reports it.
     *
     * @param source the source whose pool is being curated, for the message
     * @throws InputChangedException when the file vanished, appeared or changed
     */
    public void requireUnchanged(Path file, String source) {
        Entry then = byPath().get(key(file));
        Entry now = Files.isRegularFile(file) ? measure(file) : null;
        if (then == null && now == null) return;
        if (then != null
                && now != null
                && then.size() == now.size()
                && then.modifiedMillis() == now.modifiedMillis()) return;
        String change;
        if (now == null) change = "vanished";
        else if (then == null) change = "appeared";
        else
            change =
                    "changed (from "
                            + then.size()
                            + " bytes modified at "
                            + then.modifiedMillis()
                            + " ms to "
                            + now.size()
                            + " bytes at "
                            + now.modifiedMillis()
                            + " ms)";
        throw new InputChangedException(
                "input "
                        + file
                        + " "
                        + change
                        + " while the pool of source '"
                        + source
                        + "' was being curated, so that pool was not published; put the file back as it was,"
                        + " or run curate again to curate the inputs as they are now");
    }

    /** An input file read by curation was not the file its pool's fingerprint describes. */
    public static final class InputChangedException extends IllegalStateException {
        public InputChangedException(String message) {
            super(message);
        }
    }

    private Map<String, Entry> byPath() {
        if (byPath == null) {
            Map<String, Entry> map = new HashMap<>();
            for (Entry entry : entries) map.put(entry.path(), entry);
            byPath = map;
        }
        return byPath;
    }

    private static String key(Path file) {
        return file.toAbsolutePath().toString();
    }

    /** The file's entry, or null when it no longer exists. */
    private static Entry measure(Path file) {
        try {
            return new Entry(
                    key(file), Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the size and modification time of input "
                            + file
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<Path> regularFiles(Path input) {
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw cannotList(input, e);
        } catch (UncheckedIOException e) {
            throw cannotList(input, e.getCause());
        }
    }

    private static UncheckedIOException cannotList(Path input, IOException e) {
        return new UncheckedIOException(
                "cannot list input "
                        + input
                        + ": "
                        + e.getClass().getSimpleName()
                        + ": "
                        + e.getMessage(),
                e);
    }
}
