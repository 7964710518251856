package dev.mixlab.pipelines.mix;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What workers tell the launcher, which assembles the manifest after the job: one small JSON file
 * per written split ({@link SplitSummary}: its shards and sources), {@code <partial
 * dir>/.reports/<split>.json}. It appears atomically after the split's last shard, so a split with
 * a report is complete (a resumed build skips it; an unfinished split keeps its completed shards).
 * The directory is removed before the manifest is written.
 */
final class WorkerReports {
    private static final String DIR = ".reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerReports() {}

    static void splitWritten(Path outDir, PoolRecord.Split split, SplitSummary summary) {
        write(splitFile(outDir, split), summary);
    }

    static boolean hasSplit(Path outDir, PoolRecord.Split split) {
        return Files.isRegularFile(splitFile(outDir, split));
    }

    static SplitSummary split(Path outDir, PoolRecord.Split split) {
        return read(splitFile(outDir, split), SplitSummary.class);
    }

    static void remove(Path outDir) {
        try {
            FileTrees.delete(outDir.resolve(DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the worker reports in " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static Path splitFile(Path outDir, PoolRecord.Split split) {
        return outDir.resolve(DIR).resolve(split.label() + ".json");
    }

    private static void write(Path file, Object report) {
        Publish.file(file, temporary -> JSON.writeValue(Files.newOutputStream(temporary), report));
    }

    private static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "the mixing job finished but left no "
                            + file
                            + ": a worker's output was lost; run the command again (completed shards are kept)");
        }
        try {
            return JSON.readValue(Files.readAllBytes(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
