package dev.mixlab.cli;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.io.OutsideRootException;
import java.util.Optional;

/** The exit codes every command keeps to (scripts depend on them). */
public final class ExitCodes {
    public static final int OK = 0;

    /** Something failed while running. */
    public static final int FAILURE = 1;

    /** Invalid usage or invalid configuration: nothing was run. */
    public static final int INVALID = 2;

    private ExitCodes() {}

    /**
     * {@link #INVALID} when {@code failure} is or wraps an invalid request, else {@link #FAILURE}.
     */
    static int of(Throwable failure) {
        return invalidRequest(failure).isPresent() ? INVALID : FAILURE;
    }

    /**
     * The invalid request along the cause chain of {@code failure}, outermost first: an {@link
     * InvalidRequestException}, or the io module's refusal to touch a path outside the work
     * directory ({@link OutsideRootException}; io sits below the module that defines the mark).
     */
    static Optional<RuntimeException> invalidRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidRequestException invalid) return Optional.of(invalid);
            if (t instanceof OutsideRootException outside) return Optional.of(outside);
        }
        return Optional.empty();
    }
}
