package dev.mixlab.pipelines.storage;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path in an object store: {@code s3://bucket/a/b/c} (absolute: bucket and key segments) or
 * {@code a/b/c} (relative: what {@link #relativize} returns). Its text is its URI, so it survives
 * being passed to workers as a string ({@link dev.mixlab.io.StoragePaths#of}). Keys are segments
 * separated by {@code /}; a "directory" is a key prefix.
 */
final class ObjectPath implements Path {
    private final ObjectFileSystem fs;
    private final String bucket; // null for a relative path
    private final List<String> names;
    // What the listing that found this object said about it (null when not from a listing): its
    // size and time as of that listing, so that measuring every listed object costs no request.
    // Paths made any other way (parsed, resolved) ask the store.
    private final BasicFileAttributes listed;

    ObjectPath(ObjectFileSystem fs, String bucket, List<String> names) {
        this(fs, bucket, names, null);
    }

    private ObjectPath(
            ObjectFileSystem fs, String bucket, List<String> names, BasicFileAttributes listed) {
        this.fs = fs;
        this.bucket = bucket;
        this.names = List.copyOf(names);
        this.listed = listed;
    }

    /** This path, remembering what a listing said about the object. */
    ObjectPath listedAs(BasicFileAttributes attributes) {
        return new ObjectPath(fs, bucket, names, attributes);
    }

    /** What the listing that found this object said about it, or null. */
    BasicFileAttributes listed() {
        return listed;
    }

    static ObjectPath parse(ObjectFileSystem fs, URI uri) {
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isEmpty())
            throw new IllegalArgumentException(uri + ": no bucket (expected s3://bucket/prefix)");
        String key = uri.getPath() == null ? "" : uri.getPath();
        return new ObjectPath(fs, bucket, split(key));
    }

    private static List<String> split(String key) {
        List<String> names = new ArrayList<>();
        for (String name : key.split("/")) if (!name.isEmpty()) names.add(name);
        return names;
    }

    String bucket() {
        return bucket;
    }

    /** The object key ({@code a/b/c}), empty for the bucket itself. */
    String key() {
        return String.join("/", names);
    }

    /** Beam's spelling of this object: {@code s3://bucket/key}. */
    String uriText() {
        return fs.scheme() + "://" + bucket + "/" + key();
    }

    @Override
    public FileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return bucket != null;
    }

    @Override
    public Path getRoot() {
        return bucket == null ? null : new ObjectPath(fs, bucket, List.of());
    }

    @Override
    public Path getFileName() {
        return names.isEmpty()
                ? null
                : new ObjectPath(fs, null, List.of(names.get(names.size() - 1)));
    }

    @Override
    public Path getParent() {
        if (names.isEmpty()) return null;
        if (names.size() == 1 && bucket == null) return null;
        return new ObjectPath(fs, bucket, names.subList(0, names.size() - 1));
    }

    @Override
    public int getNameCount() {
        return names.size();
    }

    @Override
    public Path getName(int index) {
        return new ObjectPath(fs, null, List.of(names.get(index)));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return new ObjectPath(fs, null, names.subList(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(other instanceof ObjectPath that)) return false;
        if (!Objects.equals(bucket, that.bucket)) return false;
        return names.size() >= that.names.size()
                && names.subList(0, that.names.size()).equals(that.names);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof ObjectPath that)) return false;
        if (that.isAbsolute()) return equals(that);
        return names.size() >= that.names.size()
                && names.subList(names.size() - that.names.size(), names.size()).equals(that.names);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name.equals(".")) continue;
            if (name.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
                continue;
            }
            if (name.equals("..") && bucket != null) continue;
            out.add(name);
        }
        return new ObjectPath(fs, bucket, out);
    }

    @Override
    public Path resolve(Path other) {
        ObjectPath that = cast(other);
        if (that.isAbsolute()) return that;
        List<String> joined = new ArrayList<>(names);
        joined.addAll(that.names);
        return new ObjectPath(fs, bucket, joined);
    }

    @Override
    public Path resolve(String other) {
        if (other.contains("://")) return dev.mixlab.io.StoragePaths.of(other);
        if (other.startsWith("/") && bucket != null)
            return new ObjectPath(fs, bucket, split(other));
        return resolve(new ObjectPath(fs, null, split(other)));
    }

    @Override
    public Path relativize(Path other) {
        ObjectPath that = cast(other);
        if (!Objects.equals(bucket, that.bucket))
            throw new IllegalArgumentException("cannot relativize " + that + " against " + this);
        int common = 0;
        while (common < names.size()
                && common < that.names.size()
                && names.get(common).equals(that.names.get(common))) common++;
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.size(); i++) out.add("..");
        out.addAll(that.names.subList(common, that.names.size()));
        return new ObjectPath(fs, null, out);
    }

    @Override
    public URI toUri() {
        return URI.create(uriText());
    }

    @Override
    public Path toAbsolutePath() {
        if (bucket == null)
            throw new IllegalStateException(
                    "the relative object path " + this + " has no bucket to resolve against");
        return this;
    }

    @Override
    public Path toRealPath(LinkOption... options) {
        return toAbsolutePath();
    }

    @Override
    public WatchKey register(
            WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("object stores cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    private ObjectPath cast(Path other) {
        if (!(other instanceof ObjectPath that))
            throw new ProviderMismatchException(other.toString());
        return that;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectPath that
                && Objects.equals(bucket, that.bucket)
                && names.equals(that.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, names);
    }

    @Override
    public String toString() {
        if (bucket == null) return String.join("/", names);
        return names.isEmpty() ? fs.scheme() + "://" + bucket : uriText();
    }
}
