package dev.mixlab.eval;

import dev.mixlab.filters.InvalidRequestException;
import java.nio.file.Path;

/**
 * An input the evaluation cannot use (a malformed results file, a metrics.csv with the wrong
 * header, an unknown run, a run not trained yet): the message names the file, what is wrong and how
 * to fix it (exit code 2).
 */
public final class EvalInputException extends InvalidRequestException {
    public EvalInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public EvalInputException(String problem) {
        super(problem);
    }

    /** {@code cause}'s message already names the file and what is wrong. */
    public EvalInputException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
