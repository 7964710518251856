package dev.mixlab.mixtures.spec;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Token counts as people write them: {@code 200B}, {@code 50M}, {@code 2.5K}, {@code 1.5e6}, {@code
 * 1_000_000}.
 */
public final class TokenCounts {
    /**
     * The largest token count accepted: 1,000T, far above any pretraining run (Llama 3: 15T), so a
     * slip such as {@code 1e18} is an error at validation rather than a build that cannot end.
     */
    public static final long MAX = 1_000_000_000_000_000L;

    private TokenCounts() {}

    public static long parse(String written) {
        String s = written.trim().replace("_", "");
        if (s.isEmpty())
            throw new IllegalArgumentException(
                    "expected a token count such as 200B, 50M or 1.5e6, found nothing");
        long multiplier =
                switch (Character.toUpperCase(s.charAt(s.length() - 1))) {
                    case 'K' -> 1_000L;
                    case 'M' -> 1_000_000L;
                    case 'B', 'G' -> 1_000_000_000L;
                    case 'T' -> 1_000_000_000_000L;
                    default -> 1L;
                };
        String number = multiplier == 1 ? s : s.substring(0, s.length() - 1);
        BigDecimal value;
        try {
            value = new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + written + "' is not a token count: write e.g. 200B, 50M, 2.5K or 1.5e6");
        }
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(
                    "token count must be positive, found '" + written + "'");
        }
        // Compared before any rescaling: 1e999999999 would otherwise be expanded digit by digit.
        if (value.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw new IllegalArgumentException(
                    "'"
                            + written
                            + "' tokens is more than the limit of "
                            + format(MAX)
                            + " tokens");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + written + "' is not a whole number of tokens");
        }
        return value.longValueExact();
    }

    /** Short human form: 200B, 50M, 1.5M, 12,345. Exact for the shown digits. */
    public static String format(long tokens) {
        long[] units = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"T", "B", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            if (tokens >= units[i] && tokens % (units[i] / 100) == 0) {
                return BigDecimal.valueOf(tokens)
                                .divide(BigDecimal.valueOf(units[i]))
                                .stripTrailingZeros()
                                .toPlainString()
                        + names[i];
            }
        }
        return String.format(Locale.ROOT, "%,d", tokens);
    }
}
