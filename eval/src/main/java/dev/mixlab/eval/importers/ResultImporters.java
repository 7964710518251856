package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads any supported results file, recognising its format from its content (JSONL: pairwise verdicts). */
public final class ResultImporters {
    private ResultImporters() {}

    /**
     * Reads {@code file} completely or throws {@link EvalInputException} naming the file and the reason.
     *
     * @param run   the run or external model the results belong to; required except for pairwise verdicts,
     *              whose models are named in the file (there it keeps only that model's win-rates)
     * @param phase the phase or checkpoint evaluated, or null
     */
    public static ImportedFile read(Path file, String run, String phase) {
        if (!Files.isRegularFile(file)) throw new EvalInputException(file, "no such file");
        if (file.getFileName().toString().endsWith(".jsonl")) return PairwiseJudgeImporter.read(file, run, phase);
        JsonNode root = JsonFiles.read(file);
        if (LmEvalHarnessImporter.looksLike(root)) return LmEvalHarnessImporter.read(file, root, requireRun(file, run), phase);
        if (BigcodeImporter.looksLike(root)) return BigcodeImporter.read(file, root, requireRun(file, run), phase);
        throw new EvalInputException(file, "not a results file mixlab knows: expected lm-evaluation-harness JSON (top-level \"results\"), "
                + "bigcode-evaluation-harness evaluation_results.json (task objects with pass@k and \"config\") or pairwise verdicts (.jsonl)");
    }

    private static String requireRun(Path file, String run) {
        if (run == null || run.isBlank()) {
            throw new EvalInputException(file, "say which run these results belong to: --run NAME (a run id, or a name for an external model)");
        }
        return run;
    }
}
