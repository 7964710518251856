package dev.mixlab.pipelines.read;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.filters.Suggestions;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.mixtures.spec.InputFiles;
import dev.mixlab.mixtures.spec.InputFormat;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns a source's inputs into {@link ReadTask}s (planning, on the launcher) and runs one task (on
 * a worker). Planning splits large plain JSONL files by bytes and Parquet files by row groups, and
 * lists the files of input directories, so reading spreads over workers.
 */
public final class CorpusReader {
    private CorpusReader() {}

    public static List<ReadTask> plan(SourceSpec source, ReadLimits limits) {
        List<ReadTask> tasks = new ArrayList<>();
        Set<String> inputFields = new TreeSet<>();
        for (Path input : InputFiles.resolve(source)) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> files = Files.walk(input)) {
                    files.filter(p -> !Files.isDirectory(p))
                            .sorted()
                            .forEach(
                                    f ->
                                            tasks.add(
                                                    new ReadTask(
                                                            source.name(),
                                                            source.kind(),
                                                            f.toString(),
                                                            input.toString(),
                                                            InputFormat.DIRECTORY,
                                                            0,
                                                            -1)));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot list input directory "
                                    + input
                                    + " of source '"
                                    + source.name()
                                    + "'",
                            e);
                }
                continue;
            }
            InputFormat format =
                    source.format() == InputFormat.AUTO
                            ? InputFormat.detect(input)
                            : source.format();
            if (format == null) {
                throw new IllegalArgumentException(
                        "source '"
                                + source.name()
                                + "': cannot tell the format of "
                                + input
                                + " from its name; set format: (one of "
                                + String.join(", ", InputFormat.yamlNames())
                                + ")");
            }
            if (format == InputFormat.PARQUET) ParquetCorpusReader.checkTextColumn(source, input);
            if (!source.fields().metadata().isEmpty())
                inputFields.addAll(
                        format == InputFormat.PARQUET
                                ? ParquetCorpusReader.columnNames(input)
                                : JsonlCorpusReader.firstRecordKeys(input, format));
            tasks.addAll(split(source, input, format, limits));
        }
        checkMappedFields(source, inputFields);
        return tasks;
    }

    /**
     * Fails (exit 2) when a metadata field of the mapping is in none of the inputs (Parquet
     * columns, keys of each JSONL file's first record): a typo would otherwise leave every document
     * without that metadata, and the filters that read it would silently keep everything.
     */
    private static void checkMappedFields(SourceSpec source, Set<String> inputFields) {
        if (inputFields.isEmpty()) return; // nothing readable: the reader reports each file
        source.fields()
                .metadata()
                .forEach(
                        (key, field) -> {
                            if (!inputFields.contains(field))
                                throw new InvalidRequestException(
                                        "source '"
                                                + source.name()
                                                + "': fields."
                                                + key
                                                + " names '"
                                                + field
                                                + "', which no input has"
                                                + Suggestions.didYouMean(field, inputFields)
                                                + " (the inputs' columns: "
                                                + String.join(", ", inputFields)
                                                + "); set fields."
                                                + key
                                                + " to one of them");
                        });
    }

    private static List<ReadTask> split(
            SourceSpec source, Path file, InputFormat format, ReadLimits limits) {
        List<ReadTask> tasks = new ArrayList<>();
        long size = sizeOrZero(file);
        if (JsonlCorpusReader.splittable(format) && size > limits.splitBytes()) {
            for (long start = 0; start < size; start += limits.splitBytes()) {
                tasks.add(
                        task(
                                source,
                                file,
                                format,
                                start,
                                Math.min(size, start + limits.splitBytes())));
            }
            return tasks;
        }
        if (format == InputFormat.PARQUET && size > limits.splitBytes()) {
            try {
                int groups = ParquetCorpusReader.rowGroups(file);
                for (int g = 0; g < groups; g++) {
                    tasks.add(task(source, file, format, g, g + 1));
                }
                return tasks;
            } catch (IOException | RuntimeException e) {
                // Unsplittable (e.g. corrupt): read whole, so the reader quarantines it with its
                // reason.
            }
        }
        tasks.add(task(source, file, format, 0, -1));
        return tasks;
    }

    /**
     * A task reading {@code [start, end)} of {@code file}: bytes of JSONL, row groups of Parquet;
     * {@code 0, -1} is the whole file.
     */
    private static ReadTask task(
            SourceSpec source, Path file, InputFormat format, long start, long end) {
        return new ReadTask(
                source.name(), source.kind(), file.toString(), null, format, start, end);
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // the reader reports it as unreadable
        }
    }

    /**
     * Runs one task. Only regular files are read: a named pipe would block the worker forever and a
     * device such as {@code /dev/zero} never ends, so anything else (also through a symlink) is
     * quarantined as {@code read.not_a_regular_file} without being opened.
     */
    public static void read(ReadTask task, FieldMapping fields, ReadLimits limits, ReadSink sink) {
        Path path = StoragePaths.of(task.path());
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            sink.quarantine(
                    task,
                    task.path(),
                    "read.not_a_regular_file",
                    "a "
                            + (Files.isDirectory(path)
                                    ? "directory"
                                    : "named pipe, socket or device")
                            + ", not a regular file; only regular files are read");
            return;
        }
        switch (task.format()) {
            case JSONL, JSONL_GZ, JSONL_ZST -> JsonlCorpusReader.read(task, fields, limits, sink);
            case PARQUET -> ParquetCorpusReader.read(task, fields, limits, sink);
            case ARCHIVE -> SourceFiles.readArchive(task, limits, sink);
            case DIRECTORY -> SourceFiles.readFile(task, limits, sink);
            case AUTO ->
                    throw new IllegalStateException("a read task always has a concrete format");
        }
    }
}
