package dev.mixlab.io;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Where a command's outputs live (a work directory) and the only way they are written, published
 * and deleted. It keeps four rules, whatever the storage:
 *
 * <ol>
 *   <li><b>Containment.</b> Every path it writes, publishes, locks or deletes must lie inside
 *       {@link #root()}; anything else is refused with {@link OutsideRootException} before it is
 *       touched, so no name in a spec can make a command write or delete outside its work
 *       directory.
 *   <li><b>One writer per output.</b> A pool, mixture or run is written only under its {@link
 *       #lock}; a second writer is refused with {@link OutputBusyException} naming the holder.
 *   <li><b>Commit marker.</b> A directory output is built in a {@link Staging} area and published
 *       by writing its marker ({@code stats.json}, {@code manifest.json}) last. The published
 *       output holds exactly the files the marker's writer lists. Readers trust an output only when
 *       {@link #isPublished its marker exists}.
 *   <li><b>Clean-up.</b> A crashed writer leaves only a staging area (and, locally, possibly the
 *       old version moved aside); the next writer of that output, or of any output beside it,
 *       removes what no live process holds.
 * </ol>
 *
 * <p>This is the seam for object storage: on a local file system publishing ends in a directory
 * rename ({@link Publish}); a store without renames keeps the same four rules by writing under a
 * staging prefix and committing with the marker alone.
 */
public interface OutputStore {
    /**
     * The local file-system store rooted at {@code root}, described in messages as {@code what}.
     */
    static OutputStore local(Path root, String what) {
        return new LocalOutputStore(root, what);
    }

    /**
     * The store for {@code root}: {@link #local} on the local file system, {@link
     * ObjectOutputStore} (publish without rename) on an object store such as {@code s3://}.
     */
    static OutputStore of(Path root, String what) {
        return StoragePaths.isLocal(root)
                ? new LocalOutputStore(root, what)
                : new ObjectOutputStore(root, what);
    }

    /** The directory every output lives under (absolute, normalised). */
    Path root();

    /**
     * {@code path} absolute and normalised, after checking that it lies strictly inside {@link
     * #root()}.
     *
     * @param action what would be done to it, for the message ("delete", "write", ...)
     * @throws OutsideRootException otherwise
     */
    Path inside(Path path, String action);

    /**
     * Takes the lock of {@code output} for this process, or fails at once.
     *
     * @param command what the holder is doing, shown to a second writer ("mixlab mix")
     * @throws OutputBusyException naming the holder's PID and host when another process (or another
     *     command in this one) holds it
     */
    OutputLock lock(Path output, String command);

    /** Whether {@code output} is published: its commit {@code marker} exists. */
    boolean isPublished(Path output, String marker);

    /**
     * The staging area where {@code output} is built, under its lock. Staging areas of the same
     * output with another key are abandoned and removed; so is a replacement a crash interrupted
     * (the old version is put back first). Abandoned staging areas of other outputs beside it are
     * removed too when no live process holds their lock.
     *
     * @param key what the content depends on, e.g. a fingerprint: a rerun with the same key finds
     *     the files already written; empty for outputs that are always written from scratch
     * @param resume keep the files of an earlier, interrupted attempt with the same key
     * @throws IllegalStateException when this process does not hold the output's lock
     */
    Staging stage(Path output, String key, boolean resume);

    /**
     * Removes the staging areas of {@code output} and undoes a replacement a crash interrupted,
     * unless a live process holds its lock (then nothing happens): for an output found up to date,
     * whose staging areas only a crashed writer can have left.
     */
    void removeAbandonedStaging(Path output);

    /**
     * Removes, in {@code dir}, the staging areas and interrupted replacements of every output whose
     * lock no live process holds: what crashed writers left there. For outputs that are rebuilt
     * from scratch (pools); a resumable output's staging area is decided on by its next {@link
     * #stage}.
     */
    void removeAbandoned(Path dir);

    /** Writes a single file atomically ({@link Publish#file}), inside the root. */
    void writeFile(Path file, Publish.Writer writer);

    /** Deletes {@code path} and everything under it, inside the root; links are not followed. */
    void delete(Path path);

    /**
     * Where an output is built before it is published.
     *
     * <p>{@link #publish} checks that every listed file is there, removes whatever else is (the
     * temporary files of writers killed mid-file, worker reports), writes the marker last and makes
     * the output visible under its name, replacing an older version only once the new one is
     * complete.
     */
    interface Staging {
        /** The directory (or prefix) to write into. */
        Path dir();

        /**
         * @param marker the commit marker's file name, written last
         * @param content the marker's bytes
         * @param files every other file the output consists of, relative to {@link #dir()} with
         *     {@code /} separators
         */
        void publish(String marker, byte[] content, Collection<String> files);

        /** Removes the staging area and everything in it. */
        void discard();
    }
}
