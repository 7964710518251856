package dev.mixlab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one content hash of mixlab: shard and part checksums, fingerprints, manifest hashes,
 * document text keys. Hex is lower case.
 */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    /** A fresh digest, for hashing a stream while it is written or read. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static byte[] digest(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(digest(bytes));
    }

    /** The hash of {@code text} encoded as UTF-8. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex of a digest that has been fed (it is reset). */
    public static String hex(MessageDigest digest) {
        return HEX.formatHex(digest.digest());
    }

    /** The hash of a file's bytes, streamed. */
    public static String hexOf(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return hex(digest);
    }
}
