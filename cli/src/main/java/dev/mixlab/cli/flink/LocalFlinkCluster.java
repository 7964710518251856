package dev.mixlab.cli.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.io.FileTrees;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A standalone Flink 1.19 session cluster on this machine, run from the mixlab jar itself (which
 * holds Flink's runtime; no Flink distribution is needed): one JobManager and N TaskManager JVMs,
 * every address and bind host 127.0.0.1 unless told otherwise, memory flags computed by Flink's own
 * {@code BashJavaUtils}, config, logs and temporary files under one directory. The processes it
 * starts are recorded in {@code cluster.json}; {@link #stop} stops exactly those.
 */
public final class LocalFlinkCluster {
    static final String STATE_FILE = "cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to start the cluster. {@code coresPerTaskManager} &gt; 0 pins TaskManager i to its own
     * cores i·k … i·k+k−1 (with {@code taskset}), so that a TaskManager stands for a machine of k
     * cores; 0 leaves every process free to use all cores. Pinning matters when comparing cluster
     * sizes on one machine: a single slot runs one subtask of every pipelined stage at once, so an
     * unpinned 1-slot TaskManager already keeps all the cores busy.
     */
    public record Settings(
            Path dir,
            int taskManagers,
            int slotsPerTaskManager,
            String bindHost,
            int restPort,
            int rpcPort,
            String jobManagerMemory,
            String taskManagerMemory,
            Duration startTimeout,
            int coresPerTaskManager) {
        public Settings {
            if (taskManagers < 1)
                throw new InvalidRequestException("--taskmanagers must be at least 1");
            if (slotsPerTaskManager < 1)
                throw new InvalidRequestException("--slots must be at least 1");
            if (coresPerTaskManager < 0)
                throw new InvalidRequestException(
                        "--cores-per-taskmanager must be 0 (not pinned) or more");
            int cores = Runtime.getRuntime().availableProcessors();
            if ((long) coresPerTaskManager * taskManagers > cores) {
                throw new InvalidRequestException(
                        "--cores-per-taskmanager "
                                + coresPerTaskManager
                                + " × "
                                + taskManagers
                                + " TaskManagers needs "
                                + (long) coresPerTaskManager * taskManagers
                                + " cores, this machine has "
                                + cores);
            }
            if (restPort < 1 || restPort > 65535)
                throw new InvalidRequestException("--rest-port must be a TCP port (1-65535)");
            if (rpcPort < 1 || rpcPort > 65535 || rpcPort == restPort)
                throw new InvalidRequestException(
                        "--rpc-port must be a TCP port (1-65535) other than --rest-port");
        }

        public String restAddress() {
            return bindHost + ":" + restPort;
        }
    }

    /**
     * A problem the user can fix (already running, port taken, not running): the CLI exits 1 with
     * the message.
     */
    public static final class ClusterException extends RuntimeException {
        public ClusterException(String message) {
            super(message);
        }
    }

    private LocalFlinkCluster() {}

    /**
     * Starts the cluster and waits until every TaskManager has registered; returns the REST
     * address.
     */
    public static String start(Settings settings, Path jar, PrintStream log) {
        Path dir = settings.dir().toAbsolutePath().normalize();
        Optional<JsonNode> state = readState(dir);
        if (state.isPresent() && anyAlive(state.get())) {
            throw new ClusterException(
                    "a cluster started from "
                            + dir
                            + " is already running (REST "
                            + state.get().path("rest").asText()
                            + "); stop it with 'mixlab flink stop --dir "
                            + dir
                            + "' first");
        }
        checkPortFree(settings.bindHost(), settings.restPort());
        checkPortFree(settings.bindHost(), settings.rpcPort());
        try {
            Files.createDirectories(dir.resolve("conf"));
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(
                    dir.resolve("conf/config.yaml"), config(settings, dir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        List<Long> pids = new ArrayList<>();
        try {
            pids.add(
                    launch(
                            jar,
                            dir,
                            "GET_JM_RESOURCE_PARAMS",
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            dir.resolve("log/jobmanager.log"),
                            dir.resolve("tmp"),
                            List.of()));
            for (int i = 0; i < settings.taskManagers(); i++) {
                pids.add(
                        launch(
                                jar,
                                dir,
                                "GET_TM_RESOURCE_PARAMS",
                                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                                dir.resolve("log/taskmanager-" + i + ".log"),
                                taskManagerTmp(dir, i),
                                pinning(settings, i)));
            }
            writeState(dir, settings, pids);
            waitForTaskManagers(settings, pids, dir, log);
        } catch (RuntimeException e) {
            stopProcesses(pids, dir);
            throw e;
        }
        return settings.restAddress();
    }

    /** Stops the processes recorded in {@code dir} and removes the temporary files. */
    public static void stop(Path clusterDir, PrintStream log) {
        Path dir = clusterDir.toAbsolutePath().normalize();
        JsonNode state = recordedState(dir, "no cluster state in %s (nothing to stop)");
        List<Long> pids = new ArrayList<>();
        state.path("pids").forEach(p -> pids.add(p.asLong()));
        if (!anyAlive(state)) {
            deleteState(dir);
            throw new ClusterException(
                    "the cluster recorded in " + dir + " is not running (state removed)");
        }
        stopProcesses(pids, dir);
        deleteState(dir);
        deleteTree(dir.resolve("tmp"));
        log.println("stopped " + pids.size() + " Flink processes of " + dir);
    }

    /** The REST overview and TaskManagers of the cluster recorded in {@code dir}. */
    public static String status(Path clusterDir) {
        Path dir = clusterDir.toAbsolutePath().normalize();
        JsonNode state =
                recordedState(
                        dir, "no cluster is recorded in %s; start one with 'mixlab flink start'");
        if (!anyAlive(state))
            throw new ClusterException(
                    "the cluster recorded in "
                            + dir
                            + " is not running; 'mixlab flink stop' cleans up");
        String rest = state.path("rest").asText();
        JsonNode overview =
                get(rest, "/overview")
                        .orElseThrow(
                                () ->
                                        new ClusterException(
                                                "the cluster's REST endpoint "
                                                        + rest
                                                        + " does not answer"));
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "REST %s  Flink %s%n", rest, overview.path("flink-version").asText()));
        out.append(
                String.format(
                        "TaskManagers %d, slots %d (%d free)%n",
                        overview.path("taskmanagers").asInt(),
                        overview.path("slots-total").asInt(),
                        overview.path("slots-available").asInt()));
        out.append(
                String.format(
                        "jobs: %d running, %d finished, %d cancelled, %d failed%n",
                        overview.path("jobs-running").asInt(),
                        overview.path("jobs-finished").asInt(),
                        overview.path("jobs-cancelled").asInt(),
                        overview.path("jobs-failed").asInt()));
        get(rest, "/jobs/overview")
                .ifPresent(
                        jobs ->
                                jobs.path("jobs")
                                        .forEach(
                                                job ->
                                                        out.append(
                                                                String.format(
                                                                        "  %s  %-10s %s%n",
                                                                        job.path("jid").asText(),
                                                                        job.path("state").asText(),
                                                                        job.path("name")
                                                                                .asText()))));
        out.append("processes (pid):");
        state.path("pids").forEach(p -> out.append(' ').append(p.asLong()));
        return out.append('\n').toString();
    }

    /** Total task slots of a running cluster at {@code restAddress}, for a default parallelism. */
    public static Optional<Integer> slots(String restAddress) {
        return get(restAddress, "/overview")
                .map(o -> o.path("slots-total").asInt())
                .filter(n -> n > 0);
    }

    static String config(Settings s, Path dir) {
        String host = s.bindHost();
        return String.join(
                "\n",
                "# Written by mixlab flink start: every address and bind host on " + host + ".",
                "jobmanager.rpc.address: " + host,
                "jobmanager.rpc.port: " + s.rpcPort(),
                "jobmanager.bind-host: " + host,
                "jobmanager.memory.process.size: " + s.jobManagerMemory(),
                "taskmanager.host: " + host,
                "taskmanager.bind-host: " + host,
                "taskmanager.numberOfTaskSlots: " + s.slotsPerTaskManager(),
                "taskmanager.cpu.cores: "
                        + (s.coresPerTaskManager() > 0
                                ? s.coresPerTaskManager()
                                : s.slotsPerTaskManager()),
                "taskmanager.memory.process.size: " + s.taskManagerMemory(),
                // Beam's batch jobs sort little in managed memory; the heap holds language models
                // and pool parts.
                "taskmanager.memory.managed.fraction: 0.1",
                "rest.address: " + host,
                "rest.bind-address: " + host,
                "rest.port: " + s.restPort(),
                "parallelism.default: " + s.taskManagers() * s.slotsPerTaskManager(),
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "web.tmpdir: " + dir.resolve("tmp/web"),
                "blob.storage.directory: " + dir.resolve("tmp/blob"),
                // All TaskManagers are local: waiting Flink's default 5 minutes for a slot that
                // cannot come helps nobody.
                "slot.request.timeout: 30000",
                // A loaded 2-core machine can stall a TaskManager beyond the 10 s default and fail
                // the job.
                "pekko.ask.timeout: 60 s",
                // The TaskManagers run from the mixlab jar, which holds every class of the job jar
                // (same build). Loaded twice (Flink's default is child-first for a job's classes),
                // what Beam and Jackson find through ServiceLoader (pipeline runner registrars,
                // Jackson modules) is not a subtype of the class that asks for it, which fails
                // every s3:// access on a TaskManager. Parent-first loads each class once.
                "classloader.resolve-order: parent-first",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 3",
                "restart-strategy.fixed-delay.delay: 2 s",
                "");
    }

    /**
     * The {@code taskset} prefix that pins TaskManager {@code index} to its cores; empty when not
     * pinned.
     */
    static List<String> pinning(Settings settings, int index) {
        int k = settings.coresPerTaskManager();
        if (k == 0) return List.of();
        String cores = k == 1 ? String.valueOf(index) : index * k + "-" + (index * k + k - 1);
        return List.of(tasksetExecutable(), "-c", cores);
    }

    private static String tasksetExecutable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path taskset = Path.of(dir, "taskset");
            if (Files.isExecutable(taskset)) return taskset.toString();
        }
        throw new ClusterException(
                "--cores-per-taskmanager needs the taskset command (Debian package util-linux), which is not on PATH");
    }

    /**
     * The temporary directory of TaskManager {@code index}, its own as on a machine of its own: a
     * job that works here does not depend on TaskManagers sharing files.
     */
    static Path taskManagerTmp(Path dir, int index) {
        return dir.resolve("tmp").resolve("taskmanager-" + index);
    }

    /**
     * Starts {@code mainClass} (behind {@code prefix}, e.g. taskset, which execs it under the same
     * PID) with {@code tmp} as its JVM and Flink temporary directory.
     */
    private static long launch(
            Path jar,
            Path dir,
            String resourceCommand,
            String mainClass,
            Path logFile,
            Path tmp,
            List<String> prefix) {
        List<String> resources = bashJavaUtils(jar, dir, resourceCommand);
        List<String> command = new ArrayList<>(prefix);
        command.add(javaExecutable());
        command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        command.add("-Djava.io.tmpdir=" + tmp);
        // Arrow Java (Hugging Face exports) reads java.nio internals; bin/mixlab passes the same.
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        // Timestamped log lines: how long a job waited for its jar, its slots or a shuffle is read
        // off them.
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
        command.addAll(
                List.of(
                        "-cp",
                        jar.toString(),
                        mainClass,
                        "--configDir",
                        dir.resolve("conf").toString()));
        command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        command.addAll(List.of("-D", "io.tmp.dirs=" + tmp));
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                            .start();
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /**
     * Flink's own memory calculation: the JVM flags (first line) and the dynamic properties
     * (second).
     */
    private static List<String> bashJavaUtils(Path jar, Path dir, String command) {
        try {
            Process process =
                    new ProcessBuilder(
                                    javaExecutable(),
                                    "-cp",
                                    jar.toString(),
                                    "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                    command,
                                    "--configDir",
                                    dir.resolve("conf").toString())
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            List<String> results =
                    output.lines()
                            .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                            .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                            .toList();
            if (process.exitValue() != 0 || results.size() < 2) {
                throw new ClusterException(
                        "Flink's BashJavaUtils "
                                + command
                                + " failed: "
                                + output.strip().lines().reduce((a, b) -> b).orElse(""));
            }
            return results.subList(results.size() - 2, results.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while computing Flink memory settings");
        }
    }

    private static void waitForTaskManagers(
            Settings settings, List<Long> pids, Path dir, PrintStream log) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        int registered = -1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < pids.size(); i++) {
                if (ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false))
                    continue;
                String logName = i == 0 ? "jobmanager.log" : "taskmanager-" + (i - 1) + ".log";
                throw new ClusterException(
                        (i == 0 ? "the JobManager" : "TaskManager " + (i - 1))
                                + " exited during start-up; see "
                                + dir.resolve("log").resolve(logName)
                                + ": "
                                + cause(dir.resolve("log").resolve(logName)));
            }
            registered =
                    get(settings.restAddress(), "/overview")
                            .map(o -> o.path("taskmanagers").asInt())
                            .orElse(-1);
            if (registered == settings.taskManagers()) {
                log.printf(
                        "Flink cluster up: REST %s, %d TaskManager(s) × %d slot(s); logs in %s%n",
                        settings.restAddress(),
                        settings.taskManagers(),
                        settings.slotsPerTaskManager(),
                        dir.resolve("log"));
                return;
            }
            sleep(500);
        }
        throw new ClusterException(
                registered < 0
                        ? "the JobManager's REST endpoint "
                                + settings.restAddress()
                                + " did not answer within "
                                + settings.startTimeout().toSeconds()
                                + " s; see "
                                + dir.resolve("log/jobmanager.log")
                        : registered
                                + " of "
                                + settings.taskManagers()
                                + " TaskManagers registered within "
                                + settings.startTimeout().toSeconds()
                                + " s; see the taskmanager logs in "
                                + dir.resolve("log"));
    }

    private static void stopProcesses(List<Long> pids, Path dir) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> startedFrom(h, dir))
                    .ifPresent(handles::add);
        }
        // TaskManagers first, so the JobManager does not try to restart work on them.
        for (int i = handles.size() - 1; i >= 0; i--) handles.get(i).destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) sleep(100);
            if (h.isAlive()) h.destroyForcibly();
        }
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new ClusterException("process " + h.pid() + " did not stop");
            }
        }
    }

    /**
     * Guards against a recycled PID: only a process whose command line names this cluster's config
     * dir is ours.
     */
    private static boolean startedFrom(ProcessHandle handle, Path dir) {
        return handle.info()
                .commandLine()
                .map(cmd -> cmd.contains(dir.resolve("conf").toString()))
                .orElse(false);
    }

    private static boolean anyAlive(JsonNode state) {
        Path dir = Path.of(state.path("dir").asText());
        for (JsonNode pid : state.path("pids")) {
            if (ProcessHandle.of(pid.asLong())
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> startedFrom(h, dir))
                    .isPresent()) return true;
        }
        return false;
    }

    private static void checkPortFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new ClusterException(
                    "port "
                            + port
                            + " on "
                            + host
                            + " is already in use ("
                            + e.getMessage()
                            + "); stop what uses it or pick another with --rest-port");
        }
    }

    static Optional<JsonNode> get(String restAddress, String path) {
        try {
            HttpResponse<String> response =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://" + restAddress + path))
                                            .timeout(Duration.ofSeconds(5))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.of(JSON.readTree(response.body()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The state recorded in {@code dir}; {@code whenMissing} (with the dir for %s) otherwise. */
    private static JsonNode recordedState(Path dir, String whenMissing) {
        return readState(dir)
                .orElseThrow(() -> new ClusterException(String.format(whenMissing, dir)));
    }

    private static Optional<JsonNode> readState(Path dir) {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeState(Path dir, Settings settings, List<Long> pids) {
        ObjectNode state = JSON.createObjectNode();
        state.put("dir", dir.toString());
        state.put("rest", settings.restAddress());
        state.put("taskmanagers", settings.taskManagers());
        state.put("slots", settings.slotsPerTaskManager());
        ArrayNode array = state.putArray("pids");
        pids.forEach(array::add);
        try {
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(dir.resolve(STATE_FILE).toFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(STATE_FILE), e);
        }
    }

    private static void deleteState(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The innermost "Caused by" of a log (what actually went wrong), else its last line. */
    private static String cause(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(l -> l.startsWith("Caused by:"))
                    .reduce((a, b) -> b)
                    .orElse(lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }
}
