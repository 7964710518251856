package dev.mixlab.pipelines.storage;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.List;
import java.util.Set;

/** The one file system of a scheme: every bucket of the store, named in each path. */
final class ObjectFileSystem extends FileSystem {
    private final S3FileSystemProvider provider;

    ObjectFileSystem(S3FileSystemProvider provider) {
        this.provider = provider;
    }

    String scheme() {
        return provider.getScheme();
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the object store's file system stays open");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public Path getPath(String first, String... more) {
        String joined = more.length == 0 ? first : first + "/" + String.join("/", more);
        if (joined.contains("://")) return dev.mixlab.io.StoragePaths.of(joined);
        return new ObjectPath(this, null, List.of()).resolve(joined);
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        // Paths print as text, so the default file system's glob and regex syntax apply as is.
        PathMatcher local = java.nio.file.FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
        return path -> local.matches(Path.of(path.toString().replaceFirst("^[a-z0-9]+://", "/")));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("object stores cannot be watched");
    }
}
