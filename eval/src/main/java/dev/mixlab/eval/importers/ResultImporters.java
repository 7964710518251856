package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.io.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads any supported results file, recognising its format from its content (JSONL: pairwise
 * verdicts).
 */
public final class ResultImporters {
    private ResultImporters() {}

    /**
     * Reads {@code file} completely or throws {@link EvalInputException} naming the file and the
     * reason.
     *
     * @param run the run or external model the results belong to; required except for pairwise
     *     verdicts, whose models are named in the file (there it keeps only that model's win-rates)
     * @param phase the phase or checkpoint evaluated, or null
     */
    public static ImportedFile read(Path file, String run, String phase) {
        requireFile(file);
        if (file.getFileName().toString().endsWith(".jsonl"))
            return PairwiseJudgeImporter.read(file, run, phase);
        JsonNode root = JsonFiles.read(file);
        if (LmEvalHarnessImporter.looksLike(root))
            return LmEvalHarnessImporter.read(file, root, requireRun(file, run), phase);
        if (BigcodeImporter.looksLike(root))
            return BigcodeImporter.read(file, root, requireRun(file, run), phase);
        throw new EvalInputException(
                file,
                "not a results file mixlab knows: expected lm-evaluation-harness JSON (top-level \"results\"), "
                        + "bigcode-evaluation-harness evaluation_results.json (task objects with pass@k and \"config\") or pairwise verdicts (.jsonl)");
    }

    /**
     * Refuses a missing file, and says what the store answered when it could not tell (an object
     * store that is unreachable or refuses the credentials), rather than calling the file missing.
     */
    private static void requireFile(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new EvalInputException(file, "no such file");
        } catch (IOException e) {
            throw new EvalInputException(file, StoragePaths.answer(e));
        }
        if (!attributes.isRegularFile()) throw new EvalInputException(file, "no such file");
    }

    /**
     * {@code path} itself, or for a directory every results file below it, sorted:
     * lm-evaluation-harness {@code results*.json} and bigcode {@code evaluation_results.json}.
     * (Per-example {@code samples_*.jsonl} are read with their results file, judge verdicts must be
     * named.)
     */
    public static List<Path> resultFiles(Path path) {
        if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
            // A named pipe or device would block or never end; results are files.
            throw new EvalInputException(
                    path,
                    "is not a regular file (a named pipe, socket or device); give a results file");
        }
        if (!Files.isDirectory(path)) return List.of(path);
        try (Stream<Path> files = Files.walk(path)) {
            List<Path> found =
                    files.filter(Files::isRegularFile)
                            .filter(
                                    f -> {
                                        String name = f.getFileName().toString();
                                        return name.endsWith(".json")
                                                && (name.startsWith("results")
                                                        || name.equals("evaluation_results.json"));
                                    })
                            .sorted()
                            .toList();
            if (found.isEmpty()) {
                throw new EvalInputException(
                        path,
                        "holds no results file (results*.json from lm-evaluation-harness, evaluation_results.json from bigcode)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    private static String requireRun(Path file, String run) {
        if (run == null || run.isBlank()) {
            throw new EvalInputException(
                    file,
                    "say which run these results belong to: --run NAME (a run id, or a name for an external model)");
        }
        return run;
    }
}
