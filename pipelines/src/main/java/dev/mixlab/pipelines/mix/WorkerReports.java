package dev.mixlab.pipelines.mix;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What workers tell the launcher, which assembles the manifest after the job: one small JSON file
 * per written shard ({@link ShardInfo}) and per packed source ({@link SourceSummary}), under {@code
 * <partial dir>/.reports/<split>/}. Each appears atomically after the work it describes, so a shard
 * with a report is complete (a resumed build skips it). The directory is removed before the
 * manifest is written.
 */
final class WorkerReports {
    private static final String DIR = ".reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerReports() {}

    static void shardWritten(Path outDir, PoolRecord.Split split, int shard, ShardInfo info) {
        write(shardFile(outDir, split, shard), info);
    }

    static boolean hasShard(Path outDir, PoolRecord.Split split, int shard) {
        return Files.isRegularFile(shardFile(outDir, split, shard));
    }

    static ShardInfo shard(Path outDir, PoolRecord.Split split, int shard) {
        return read(shardFile(outDir, split, shard), ShardInfo.class);
    }

    static void sourcePacked(
            Path outDir, PoolRecord.Split split, String source, SourceSummary summary) {
        write(sourceFile(outDir, split, source), summary);
    }

    static SourceSummary source(Path outDir, PoolRecord.Split split, String source) {
        return read(sourceFile(outDir, split, source), SourceSummary.class);
    }

    static void remove(Path outDir) {
        try {
            FileTrees.delete(outDir.resolve(DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the worker reports in " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static Path shardFile(Path outDir, PoolRecord.Split split, int shard) {
        return outDir.resolve(DIR)
                .resolve(split.label())
                .resolve(String.format("shard-%05d.json", shard));
    }

    private static Path sourceFile(Path outDir, PoolRecord.Split split, String source) {
        return outDir.resolve(DIR).resolve(split.label()).resolve("source-" + source + ".json");
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
