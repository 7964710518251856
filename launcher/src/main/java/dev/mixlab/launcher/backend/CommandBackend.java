package dev.mixlab.launcher.backend;

import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.PhaseResult;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an external trainer: the rendered template under {@code /bin/sh -c} in the run directory,
 * its output (stdout and stderr) appended to {@code train.log}, exit code 0 = phase completed,
 * anything else = failed. If the trainer writes {@code {metrics_csv}} (the run's {@code
 * metrics.csv}, same header as the proxy's) the launcher reads its last row of the phase into
 * run.json; a malformed file fails the phase.
 */
public final class CommandBackend implements TrainingBackend, ExternalCommand.Runner {
    private final CommandSpec command;

    public CommandBackend(CommandSpec command) {
        this.command = command;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public PhaseResult train(PhaseJob job, TrainingLog log) {
        String line = CommandTemplate.render(command.template(), job);
        log.line("phase " + job.phase() + ": running " + line);
        Map<String, String> env = new java.util.LinkedHashMap<>(CommandTemplate.environment(job));
        env.putAll(command.env());
        int exit;
        try {
            Files.createDirectories(job.runDir());
            exit = execute(line, job.runDir(), env, output -> log.line("| " + output));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the trainer command for run "
                            + job.runId()
                            + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhaseFailedException(
                    "interrupted while phase "
                            + job.phase()
                            + " of run "
                            + job.runId()
                            + " was training");
        }
        if (exit != 0) {
            throw new PhaseFailedException(
                    "the trainer command of run "
                            + job.runId()
                            + " phase '"
                            + job.phase()
                            + "' exited with code "
                            + exit
                            + "; its output is in "
                            + log.file());
        }
        return lastMetrics(job);
    }

    @Override
    public void check(PhaseJob job) {
        CommandTemplate.render(command.template(), job);
    }

    /** Runs {@code command} in a local process, its output in its log file. */
    @Override
    public String run(ExternalCommand command) {
        int exit;
        try {
            Files.createDirectories(command.logFile().getParent());
            try (java.io.BufferedWriter out =
                    Files.newBufferedWriter(command.logFile(), StandardCharsets.UTF_8)) {
                exit =
                        execute(
                                command.line(),
                                command.workingDir(),
                                command.env(),
                                line -> {
                                    try {
                                        out.write(line);
                                        out.newLine();
                                        out.flush();
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
            }
        } catch (IOException e) {
            throw new PhaseFailedException(
                    "cannot run `" + command.line() + "`: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhaseFailedException("interrupted while running " + command.jobName());
        }
        if (exit != 0) {
            throw new PhaseFailedException(
                    command.jobName()
                            + " exited with code "
                            + exit
                            + "; its output is in "
                            + command.logFile());
        }
        return null;
    }

    /**
     * Runs {@code line} under {@code /bin/sh -c} in {@code dir}, handing each line of its output
     * (stdout and stderr) to {@code output}; returns the exit code.
     */
    static int execute(String line, Path dir, Map<String, String> env, Consumer<String> output)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("/bin/sh", "-c", line)
                        .directory(dir.toFile())
                        .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String outputLine;
            while ((outputLine = out.readLine()) != null) output.accept(outputLine);
        }
        return process.waitFor();
    }

    static PhaseResult lastMetrics(PhaseJob job) {
        List<MetricsCsv.Row> rows;
        try {
            rows = MetricsCsv.read(job.runDir().resolve(MetricsCsv.FILE_NAME));
        } catch (MetricsCsv.MalformedMetricsException e) {
            throw new PhaseFailedException(
                    "the trainer wrote a metrics.csv the launcher cannot read: " + e.getMessage());
        }
        return rows.stream()
                .filter(r -> r.phase().equals(job.phase()))
                .reduce((a, b) -> b)
                .map(
                        r ->
                                new PhaseResult(
                                        r.loss(),
                                        r.tokensPerSecond(),
                                        Double.isNaN(r.mfu()) ? null : r.mfu(),
                                        null))
                .orElse(PhaseResult.NONE);
    }
}
