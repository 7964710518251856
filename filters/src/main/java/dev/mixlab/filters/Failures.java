package dev.mixlab.filters;

/**
 * What actually went wrong in a failure that layers have wrapped: Beam wraps a worker's exception
 * in a PipelineExecutionException, Flink in a JobExecutionException, and our own code adds what it
 * was doing. The innermost cause is what the user can act on ("No space left on device").
 */
public final class Failures {
    private Failures() {}

    /** The innermost cause of {@code failure} (itself when it has none). */
    public static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        return cause;
    }

    /**
     * The root cause in one line: its message's first line, or its type when it has no message.
     * Running out of memory says so, since the JVM's own message ("Java heap space") does not.
     */
    public static String describeRootCause(Throwable failure) {
        Throwable cause = rootCause(failure);
        String message = cause.getMessage();
        String line =
                message == null || message.isBlank()
                        ? cause.getClass().getSimpleName()
                        : message.strip().lines().findFirst().orElse(message);
        if (cause instanceof OutOfMemoryError) return "out of memory (" + line + ")";
        return line;
    }
}
