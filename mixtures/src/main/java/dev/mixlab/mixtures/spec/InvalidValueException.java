package dev.mixlab.mixtures.spec;

/**
 * Thrown by a spec record's own validation. It knows the offending key relative to the record; the
 * loader, which knows where the record came from, turns it into a located {@link SpecException}.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String key;

    public InvalidValueException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key inside the record (e.g. {@code weights}), or empty for the record as a whole. */
    public String key() {
        return key;
    }

    static void check(boolean condition, String key, String message) {
        if (!condition) throw new InvalidValueException(key, message);
    }

    /** {@code value} of {@code key} is between 1 and {@code max} (in {@code unit}, may be ""). */
    static void checkRange(long value, long max, String key, String unit) {
        check(
                value >= 1 && value <= max,
                key,
                String.format(
                        java.util.Locale.ROOT,
                        "%s must be between 1 and %,d%s, found %,d",
                        key,
                        max,
                        unit.isEmpty() ? "" : " " + unit,
                        value));
    }
}
