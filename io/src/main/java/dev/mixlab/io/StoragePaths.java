package dev.mixlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Paths named by users and passed between processes as text: a local path, or a URI such as {@code
 * s3://bucket/prefix} served by the file system provider installed for its scheme. Workers receive
 * paths as strings and turn them back into paths here, so an object-store path survives the trip.
 */
public final class StoragePaths {
    private static final Pattern URI_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");
    private static final Pattern NO_MESSAGE = Pattern.compile("null \\(.*Status Code: (\\d{3})");
    private static final Map<Integer, String> STATUS_REASONS =
            Map.of(
                    400, "Bad Request",
                    401, "Unauthorized",
                    403, "Forbidden",
                    404, "Not Found",
                    500, "Internal Server Error",
                    503, "Service Unavailable");

    private StoragePaths() {}

    /** Whether {@code text} names a URI ({@code scheme://...}) rather than a local path. */
    public static boolean isUri(String text) {
        return URI_PREFIX.matcher(text).matches();
    }

    /**
     * The path {@code text} names: a URI through its scheme's provider, anything else on the local
     * file system.
     *
     * @throws IllegalArgumentException for a URI that does not parse or whose scheme has no
     *     provider
     */
    public static Path of(String text) {
        if (!isUri(text)) return Path.of(text);
        int separator = text.indexOf("://");
        String scheme = text.substring(0, separator);
        String rest = text.substring(separator + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash);
        URI uri;
        try {
            // Keys may hold what a URI would escape: glob characters of input patterns ([0-4],
            // {a,b}, ?), spaces. The multi-argument constructor quotes them; getPath() gives them
            // back.
            uri = new URI(scheme, authority.isEmpty() ? null : authority, key, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(text + ": not a valid URI: " + e.getReason(), e);
        }
        return provider(scheme, text).getPath(uri);
    }

    /** Whether {@code path} is on the local (default) file system. */
    public static boolean isLocal(Path path) {
        return path.getFileSystem() == FileSystems.getDefault();
    }

    /**
     * Every file and directory under {@code dir} at any depth (not {@code dir} itself), sorted: one
     * paged listing in an object store, a walk elsewhere.
     *
     * @throws IOException with the store's answer; a missing {@code dir} is an empty list
     */
    public static List<Path> listUnder(Path dir) throws IOException {
        if (dir.getFileSystem().provider() instanceof PrefixListing listing)
            return listing.listUnder(dir);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Checks that the store holding {@code dir} answers for it (bucket exists, credentials
     * accepted, endpoint reachable) by listing a key prefix under it that nothing has; nothing to
     * check for a local directory.
     *
     * @throws IOException with the store's answer
     */
    public static void checkReachable(Path dir) throws IOException {
        if (isLocal(dir)) return;
        listUnder(dir.resolve(".mixlab-reachability-check"));
    }

    /** {@link #answer} when no AWS region is configured: it already says what to set. */
    public static final String NO_REGION =
            "no AWS region is configured (set AWS_REGION, the spec's storage.region, or a region in"
                    + " ~/.aws/config)";

    /**
     * The store's answer in a failure, on one line, without the client library's exception class
     * names and without the path it was about (callers name the URI they tried).
     */
    public static String answer(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        message = message.lines().findFirst().orElse("");
        int uri = message.indexOf("://");
        if (uri > 0 && message.indexOf(": ", uri) > 0)
            message = message.substring(message.indexOf(": ", uri) + 2); // "s3://b/k: answer"
        message = message.replaceAll("(?:[a-z0-9_]+\\.)+[A-Za-z0-9_]*(?:Exception|Error): ", "");
        // The SDK lists every region provider it tried, with object identities: say what to set.
        if (message.startsWith("Unable to load region")) return NO_REGION;
        // A refused HEAD request has no body, so the SDK's message starts with "null".
        Matcher status = NO_MESSAGE.matcher(message);
        if (status.lookingAt())
            message =
                    STATUS_REASONS.getOrDefault(Integer.parseInt(status.group(1)), "Error")
                            + message.substring("null".length());
        return message;
    }

    private static FileSystemProvider provider(String scheme, String text) {
        for (FileSystemProvider provider : FileSystemProvider.installedProviders())
            if (provider.getScheme().equalsIgnoreCase(scheme)) return provider;
        // A Flink TaskManager loads the job's jar in a child class loader, which the installed
        // providers (loaded from the system class loader) do not include.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (FileSystemProvider provider : ServiceLoader.load(FileSystemProvider.class, loader))
            if (provider.getScheme().equalsIgnoreCase(scheme)) return provider;
        throw new IllegalArgumentException(
                text + ": no storage for the scheme '" + scheme + "' (mixlab reads s3:// URIs)");
    }
}
