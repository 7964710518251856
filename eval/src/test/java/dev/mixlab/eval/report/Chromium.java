package dev.mixlab.eval.report;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol (java.net.http WebSocket): loads a page,
 * collects console errors, uncaught exceptions and failed loads, and evaluates JavaScript in it.
 * Chromium is required: CI installs it ({@code .ci/run}); locally {@code apt-get install -y
 * chromium}.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /** What a page load produced. */
    record Page(List<String> errors, JsonNode evaluated) {}

    private Chromium(Process process, WebSocket.Builder sockets, URI page) throws Exception {
        this.process = process;
        this.socket =
                sockets.buildAsync(page, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        send("Runtime.enable", null);
        send("Log.enable", null);
        send("Page.enable", null);
    }

    static Chromium start(Path profile) throws Exception {
        Path binary = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(binary)) {
            fail(
                    "Chromium is required to check report.html: install it with 'apt-get install -y chromium' (.ci/run does so)");
        }
        ProcessBuilder builder =
                new ProcessBuilder(
                                binary.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile,
                                "--remote-debugging-port=0",
                                "about:blank")
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolveSibling("chromium.log").toFile());
        // Chromium's singleton socket goes to TMPDIR: keep it inside the test's directory, which
        // JUnit deletes.
        builder.environment().put("TMPDIR", profile.toString());
        Process process = builder.start();
        // Chromium writes the port it picked to DevToolsActivePort in the profile once it listens.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail(
                        "Chromium did not start: "
                                + Files.readString(profile.resolveSibling("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String targets =
                http.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:" + port + "/json/list"))
                                        .timeout(TIMEOUT)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        for (JsonNode target : JSON.readTree(targets)) {
            if (target.path("type").asText().equals("page")) {
                return new Chromium(
                        process,
                        http.newWebSocketBuilder(),
                        URI.create(target.path("webSocketDebuggerUrl").asText()));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Chromium lists no page target: " + targets);
    }

    /**
     * Loads {@code file}, waits for its load event and a moment for late errors, then evaluates
     * {@code expression} (returned by value).
     */
    Page load(Path file, String expression) throws Exception {
        errors.clear();
        loaded = new CompletableFuture<>();
        ObjectNode navigate = JSON.createObjectNode().put("url", file.toUri().toString());
        JsonNode navigation = send("Page.navigate", navigate);
        if (navigation.has("errorText"))
            errors.add("navigation: " + navigation.get("errorText").asText());
        loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Thread.sleep(500);
        JsonNode result =
                send(
                        "Runtime.evaluate",
                        JSON.createObjectNode()
                                .put("expression", expression)
                                .put("returnByValue", true));
        if (result.has("exceptionDetails"))
            errors.add("evaluate: " + result.get("exceptionDetails"));
        return new Page(List.copyOf(errors), result.path("result").path("value"));
    }

    private JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error"))
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        return answer.path("result");
    }

    private void onMessage(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
            if (reply != null) reply.complete(message);
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("assert"))
                    errors.add("console." + type + ": " + params.path("args"));
            }
            case "Runtime.exceptionThrown" ->
                    errors.add("exception: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if (params.path("entry").path("level").asText().equals("error"))
                    errors.add("log: " + params.path("entry"));
            }
            default -> {}
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        children.forEach(ProcessHandle::destroy);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    onMessage(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
