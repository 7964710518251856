package dev.mixlab.pipelines.storage;

import dev.mixlab.io.PrefixListing;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * {@code s3://bucket/key} as a {@link java.nio.file} file system, so every part of mixlab that
 * reads or writes a {@link Path} works on object storage unchanged. All IO goes through Beam's
 * {@link FileSystems} and its AWS SDK v2 S3 file system, configured by {@link ObjectStoreSettings}:
 * reads are seekable ranged GETs (Parquet reads its footer and row groups without a local copy),
 * writes stream as multipart uploads that become visible only when closed, listings page through
 * prefixes.
 *
 * <p>Object stores have no directories: a directory is a key prefix that some object has, creating
 * one does nothing, and deleting one succeeds once its objects are gone. A move is a server-side
 * copy then a delete, never atomic.
 */
public final class S3FileSystemProvider extends FileSystemProvider implements PrefixListing {
    private final ObjectFileSystem fileSystem = new ObjectFileSystem(this);

    @Override
    public String getScheme() {
        return "s3";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        return fileSystem;
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return fileSystem;
    }

    @Override
    public Path getPath(URI uri) {
        if (!getScheme().equalsIgnoreCase(uri.getScheme()))
            throw new IllegalArgumentException(uri + ": not an " + getScheme() + ":// URI");
        return ObjectPath.parse(fileSystem, uri);
    }

    private static ObjectPath object(Path path) {
        if (!(path instanceof ObjectPath object))
            throw new ProviderMismatchException(path.toString());
        if (!object.isAbsolute())
            throw new IllegalArgumentException(path + ": a relative object path names no bucket");
        return object;
    }

    private static ResourceId resource(ObjectPath path) {
        ObjectStoreSettings.ensureApplied();
        return FileSystems.matchNewResource(path.uriText(), false);
    }

    /** The object's metadata, or null when there is no object with this exact key. */
    static MatchResult.Metadata metadata(ObjectPath path) throws IOException {
        if (path.key().isEmpty()) return null;
        ObjectStoreSettings.ensureApplied();
        MatchResult result = FileSystems.match(List.of(path.uriText())).get(0);
        if (result.status() == MatchResult.Status.NOT_FOUND) return null;
        try {
            return result.metadata().get(0);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw answer(path, e);
        }
    }

    /** Every object under {@code dir/} (all depths), listed page by page. */
    static List<MatchResult.Metadata> listUnder(ObjectPath dir) throws IOException {
        ObjectStoreSettings.ensureApplied();
        String prefix = dir.key().isEmpty() ? "" : dir.key() + "/";
        String spec =
                dir.getFileSystem().provider().getScheme()
                        + "://"
                        + dir.bucket()
                        + "/"
                        + escapeGlob(prefix)
                        + "**";
        MatchResult result = FileSystems.match(List.of(spec)).get(0);
        if (result.status() == MatchResult.Status.NOT_FOUND) return List.of();
        try {
            return result.metadata();
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw answer(dir, e);
        }
    }

    private static String escapeGlob(String key) {
        // Beam reads *, ? and [ as wildcards; mixlab's own keys never contain them.
        if (key.indexOf('*') >= 0 || key.indexOf('?') >= 0 || key.indexOf('[') >= 0)
            throw new IllegalArgumentException(
                    key + ": object keys with *, ? or [ cannot be listed");
        return key;
    }

    /** The store's answer, one line, naming the path it was about. */
    static IOException answer(ObjectPath path, IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        while (cause != null && (message == null || message.isBlank())) {
            message = cause.getMessage();
            cause = cause.getCause();
        }
        return new IOException(path + ": " + message.lines().findFirst().orElse(""), e);
    }

    private static boolean isDirectory(ObjectPath path) throws IOException {
        if (path.key().isEmpty()) return true;
        return !listUnder(path).isEmpty();
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        return Channels.newInputStream(newByteChannel(path, Set.of(StandardOpenOption.READ)));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = new java.util.HashSet<>(Arrays.asList(options));
        set.add(StandardOpenOption.WRITE);
        return Channels.newOutputStream(newByteChannel(path, set));
    }

    @Override
    public SeekableByteChannel newByteChannel(
            Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        ObjectPath object = object(path);
        if (options.contains(StandardOpenOption.APPEND))
            throw new UnsupportedOperationException(path + ": objects cannot be appended to");
        boolean write =
                options.contains(StandardOpenOption.WRITE)
                        || options.contains(StandardOpenOption.CREATE_NEW);
        if (!write) {
            if (metadata(object) == null) throw new NoSuchFileException(path.toString());
            ReadableByteChannel channel = FileSystems.open(resource(object));
            if (channel instanceof SeekableByteChannel seekable) return seekable;
            throw new IOException(path + ": the store gives no seekable reads");
        }
        if (options.contains(StandardOpenOption.CREATE_NEW) && metadata(object) != null)
            throw new FileAlreadyExistsException(path.toString());
        try {
            return new UploadChannel(FileSystems.create(resource(object), MimeTypes.BINARY));
        } catch (IOException e) {
            throw answer(object, e);
        }
    }

    /** A multipart upload seen as a channel that only moves forward. */
    private static final class UploadChannel implements SeekableByteChannel {
        private final WritableByteChannel upload;
        private long position;

        UploadChannel(WritableByteChannel upload) {
            this.upload = upload;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new NonWritableChannelException();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int written = upload.write(src);
            position += written;
            return written;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition != position)
                throw new UnsupportedOperationException("an upload cannot seek");
            return this;
        }

        @Override
        public long size() {
            return position;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException("an upload cannot be truncated");
        }

        @Override
        public boolean isOpen() {
            return upload.isOpen();
        }

        @Override
        public void close() throws IOException {
            upload.close();
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(
            Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        ObjectPath object = object(dir);
        int depth = object.getNameCount();
        Set<String> childNames = new TreeSet<>();
        for (MatchResult.Metadata metadata : listUnder(object)) {
            String key = metadata.resourceId().toString();
            String[] parts = key.substring(key.indexOf("://") + 3).split("/");
            // parts[0] is the bucket; the child is the first segment below dir
            if (parts.length > depth + 1 && !parts[depth + 1].isEmpty())
                childNames.add(parts[depth + 1]);
        }
        List<Path> children = new ArrayList<>();
        for (String name : childNames) {
            Path child = object.resolve(name);
            if (filter.accept(child)) children.add(child);
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return children.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public List<Path> listUnder(Path dir) throws IOException {
        ObjectPath object = object(dir);
        Set<Path> found = new TreeSet<>();
        for (MatchResult.Metadata metadata : listUnder(object)) {
            ObjectPath path =
                    objectOf(object, metadata)
                            .listedAs(
                                    new ObjectAttributes(
                                            false,
                                            metadata.sizeBytes(),
                                            metadata.lastModifiedMillis()));
            if (path.toString().endsWith("/")) continue;
            for (Path p = path;
                    p != null && !p.equals(object) && p.startsWith(object);
                    p = p.getParent()) found.add(p);
        }
        return List.copyOf(found);
    }

    /** The path of a listed object, which lies under {@code dir}. */
    private static ObjectPath objectOf(ObjectPath dir, MatchResult.Metadata metadata) {
        String text = metadata.resourceId().toString();
        String key = text.substring(text.indexOf("://") + 3 + dir.bucket().length() + 1);
        return (ObjectPath) dir.getRoot().resolve(key);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) {
        object(dir); // prefixes exist as soon as an object has them
    }

    @Override
    public void delete(Path path) throws IOException {
        ObjectPath object = object(path);
        if (metadata(object) != null) {
            try {
                FileSystems.delete(
                        List.of(resource(object)),
                        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
            } catch (IOException e) {
                throw answer(object, e);
            }
            return;
        }
        if (isDirectory(object)) throw new DirectoryNotEmptyException(path.toString());
        throw new NoSuchFileException(path.toString());
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        ObjectPath from = object(source);
        ObjectPath to = object(target);
        if (metadata(from) == null) throw new NoSuchFileException(source.toString());
        if (!Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)
                && metadata(to) != null) throw new FileAlreadyExistsException(target.toString());
        try {
            FileSystems.copy(List.of(resource(from)), List.of(resource(to)));
        } catch (IOException e) {
            throw answer(from, e);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE))
            throw new AtomicMoveNotSupportedException(
                    source.toString(), target.toString(), "object stores have no rename");
        copy(source, target, options);
        delete(source);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) {
        return path.equals(path2);
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException(path + ": object stores have no file store");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        readAttributes(path, BasicFileAttributes.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(
            Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) return null;
        return (V)
                new BasicFileAttributeView() {
                    @Override
                    public String name() {
                        return "basic";
                    }

                    @Override
                    public BasicFileAttributes readAttributes() throws IOException {
                        return S3FileSystemProvider.this.readAttributes(
                                path, BasicFileAttributes.class);
                    }

                    @Override
                    public void setTimes(FileTime modified, FileTime access, FileTime create) {
                        throw new UnsupportedOperationException("object times are the store's");
                    }
                };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(
            Path path, Class<A> type, LinkOption... options) throws IOException {
        if (type != BasicFileAttributes.class)
            throw new UnsupportedOperationException(type + " of " + path);
        ObjectPath object = object(path);
        if (object.listed() != null) return (A) object.listed();
        MatchResult.Metadata metadata = metadata(object);
        if (metadata != null)
            return (A)
                    new ObjectAttributes(
                            false, metadata.sizeBytes(), metadata.lastModifiedMillis());
        if (isDirectory(object)) return (A) new ObjectAttributes(true, 0, 0);
        throw new NoSuchFileException(path.toString());
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        BasicFileAttributes basic = readAttributes(path, BasicFileAttributes.class);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size", basic.size());
        map.put("lastModifiedTime", basic.lastModifiedTime());
        map.put("isDirectory", basic.isDirectory());
        map.put("isRegularFile", basic.isRegularFile());
        return map;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException(path + ": objects have no settable attributes");
    }

    private record ObjectAttributes(boolean directory, long bytes, long modifiedMillis)
            implements BasicFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return FileTime.fromMillis(modifiedMillis);
        }

        @Override
        public FileTime lastAccessTime() {
            return lastModifiedTime();
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime();
        }

        @Override
        public boolean isRegularFile() {
            return !directory;
        }

        @Override
        public boolean isDirectory() {
            return directory;
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return bytes;
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }
}
