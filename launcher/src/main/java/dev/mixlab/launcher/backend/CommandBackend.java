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
import java.util.List;

/**
 * Runs an external trainer: the rendered template under {@code /bin/sh -c} in the run directory,
 * its output (stdout and stderr) appended to {@code train.log}, exit code 0 = phase completed,
 * anything else = failed. If the trainer writes {@code {metrics_csv}} (the run's {@code
 * metrics.csv}, same header as the proxy's) the launcher reads its last row of the phase into
 * run.json; a malformed file fails the phase.
 */
public final class CommandBackend implements TrainingBackend {
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
        ProcessBuilder builder =
                new ProcessBuilder("/bin/sh", "-c", line)
                        .directory(job.runDir().toFile())
                        .redirectErrorStream(true);
        builder.environment().putAll(CommandTemplate.environment(job));
        builder.environment().putAll(command.env());
        int exit;
        try {
            Files.createDirectories(job.runDir());
            Process process = builder.start();
            try (BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8))) {
                String outputLine;
                while ((outputLine = out.readLine()) != null) log.line("| " + outputLine);
            }
            exit = process.waitFor();
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
