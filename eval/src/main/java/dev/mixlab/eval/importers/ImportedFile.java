package dev.mixlab.eval.importers;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.SampleScore;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything read from one results file (and the per-example files next to it), complete and valid:
 * importers build it only after the whole file parsed, so a malformed file is never half-imported.
 *
 * @param file the results file, absolute
 * @param format how it was read
 * @param results its numbers
 * @param samples per-example scores (lm-eval-harness {@code --log_samples}), possibly none
 */
public record ImportedFile(
        Path file, ResultFormat format, List<EvalResult> results, List<SampleScore> samples) {
    public ImportedFile {
        file = file.toAbsolutePath().normalize();
        results = List.copyOf(results);
        samples = List.copyOf(samples);
    }
}
