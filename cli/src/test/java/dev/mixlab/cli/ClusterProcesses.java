package dev.mixlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the processes of a test cluster listen on, read from /proc (Linux). */
final class ClusterProcesses {
    private ClusterProcesses() {}

    /**
     * Local addresses the processes listen on, from /proc/net/tcp{,6} matched against their socket
     * inodes.
     */
    static List<String> listeningAddresses(List<Long> pids) throws IOException {
        List<String> inodes = new ArrayList<>();
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:["))
                            inodes.add(target.substring(8, target.length() - 1));
                    } catch (IOException ignored) {
                        // the descriptor closed while we listed it
                    }
                }
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            // Read once: the table changes between reads while the cluster opens and closes
            // connections.
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) addresses.add(decode(f[1]));
            }
        }
        return addresses;
    }

    /**
     * /proc/net address (hex, little-endian words) → "a.b.c.d:port"; IPv4-mapped IPv6 is shown as
     * IPv4.
     */
    static String decode(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 32) {
            if (!ip.startsWith("0000000000000000FFFF0000")) return "[" + ip + "]:" + port;
            ip = ip.substring(24);
        }
        long v = Long.parseLong(ip, 16);
        return (v & 0xff)
                + "."
                + ((v >> 8) & 0xff)
                + "."
                + ((v >> 16) & 0xff)
                + "."
                + ((v >> 24) & 0xff)
                + ":"
                + port;
    }

    /**
     * The PIDs a running {@code mixlab flink start} recorded in {@code cluster.json} (JobManager
     * first).
     */
    static List<Long> recordedPids(Path clusterDir) throws IOException {
        String state = Files.readString(clusterDir.resolve("cluster.json"));
        List<Long> pids = new ArrayList<>();
        for (String pid : state.replaceAll("(?s).*\"pids\"\\s*:\\s*\\[([^]]*)].*", "$1").split(","))
            pids.add(Long.parseLong(pid.strip()));
        return pids;
    }
}
