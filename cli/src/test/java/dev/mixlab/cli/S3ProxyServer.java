package dev.mixlab.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real S3 API server for the tests: s3proxy (copied into {@code target/s3proxy/} by the build)
 * over a local directory, on 127.0.0.1 and a free port, without authentication unless credentials
 * are given. A bucket is a directory under {@link #baseDir()}; objects are files, so tests can look
 * at what a command stored without going through S3.
 */
final class S3ProxyServer implements AutoCloseable {
    static final Path JAR = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();

    private final Process process;
    private final Path baseDir;
    private final int port;

    private S3ProxyServer(Process process, Path baseDir, int port) {
        this.process = process;
        this.baseDir = baseDir;
        this.port = port;
    }

    /**
     * Starts s3proxy storing under {@code dir/store}, with the given buckets created.
     *
     * @param identity null for no authentication, else the access key it accepts (with {@code
     *     credential} as the secret)
     */
    static S3ProxyServer start(Path dir, String identity, String credential, String... buckets)
            throws IOException, InterruptedException {
        Path baseDir = Files.createDirectories(dir.resolve("store"));
        for (String bucket : buckets) Files.createDirectories(baseDir.resolve(bucket));
        return start(
                dir,
                baseDir,
                (identity == null
                                ? "s3proxy.authorization=none\n"
                                : "s3proxy.authorization=aws-v2-or-v4\ns3proxy.identity="
                                        + identity
                                        + "\ns3proxy.credential="
                                        + credential
                                        + "\n")
                        + "jclouds.provider=filesystem\n"
                        + "jclouds.filesystem.basedir="
                        + baseDir
                        + "\n");
    }

    /**
     * Starts s3proxy keeping its objects in memory, without authentication: for many small objects,
     * which its filesystem backend lists slowly (every page rereads the whole directory). Buckets
     * and objects are created through the S3 API; {@link #baseDir()} is null.
     */
    static S3ProxyServer startInMemory(Path dir) throws IOException, InterruptedException {
        return start(dir, null, "s3proxy.authorization=none\njclouds.provider=transient\n");
    }

    private static S3ProxyServer start(Path dir, Path baseDir, String backend)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR))
            throw new IllegalStateException(JAR + " is missing: run the tests through Maven");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, "s3proxy.endpoint=http://127.0.0.1:" + port + "\n" + backend);
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-jar",
                                JAR.toString(),
                                "--properties",
                                properties.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("s3proxy.log").toFile())
                        .start();
        S3ProxyServer server = new S3ProxyServer(process, baseDir, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    server.close();
                    throw new IllegalStateException(
                            "s3proxy did not start; see " + dir.resolve("s3proxy.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where bucket {@code b}'s object {@code k} is stored: {@code baseDir/b/k}. */
    Path baseDir() {
        return baseDir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
