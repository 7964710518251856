package dev.mixlab.filters.normalise;

import dev.mixlab.filters.Verdict;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.Objects;

/**
 * The first curation step: one canonical form for every text, so that exact dedup, hashing and
 * filters see the same characters for the same content.
 *
 * <ul>
 *   <li>Bytes are decoded strictly as UTF-8; invalid input is rejected with the offset of the first
 *       bad byte rather than silently turned into U+FFFD, so a wrongly-encoded corpus is noticed.
 *   <li>A leading byte order mark is removed.
 *   <li>Line ends become {@code \n} ({@code \r\n} and lone {@code \r} alike).
 *   <li>Control characters (Unicode category Cc) other than {@code \t} and {@code \n} are removed.
 *   <li>The text is put into Unicode NFC, so composed and decomposed accents compare equal.
 *   <li>Empty and whitespace-only results are rejected.
 * </ul>
 */
public final class TextNormaliser {

    public static final String INVALID_UTF8 = "normalise.invalid_utf8";
    public static final String EMPTY = "normalise.empty";
    public static final String WHITESPACE_ONLY = "normalise.whitespace_only";

    private TextNormaliser() {}

    /** The outcome: the normalised text, or why there is none. */
    public sealed interface Normalised extends Serializable permits Accepted, Rejected {}

    public record Accepted(String text) implements Normalised {
        public Accepted {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * @param reason stable code such as {@link #INVALID_UTF8} @param detail what was found, and
     *     where
     */
    public record Rejected(String reason, String detail) implements Normalised {
        /** The same rejection as a filter drop, so that pipelines count all drops alike. */
        public Verdict.Drop asVerdict() {
            return Verdict.drop(reason, detail);
        }
    }

    public static Normalised normalise(byte[] utf8) {
        try {
            return normalise(Utf8.decode(utf8));
        } catch (Utf8.InvalidUtf8 e) {
            return new Rejected(
                    INVALID_UTF8,
                    "invalid UTF-8 at byte offset " + e.offset() + " of " + utf8.length);
        }
    }

    public static Normalised normalise(String text) {
        String cleaned = stripControlCharacters(text);
        String composed =
                Normalizer.isNormalized(cleaned, Normalizer.Form.NFC)
                        ? cleaned
                        : Normalizer.normalize(cleaned, Normalizer.Form.NFC);
        if (composed.isEmpty()) {
            return new Rejected(
                    EMPTY,
                    "no characters left after normalisation (input had " + text.length() + ")");
        }
        if (composed.isBlank()) {
            return new Rejected(
                    WHITESPACE_ONLY, composed.length() + " whitespace characters and nothing else");
        }
        return new Accepted(composed);
    }

    /**
     * Unifies line ends, drops a leading byte order mark and control characters except tab and
     * newline.
     */
    private static String stripControlCharacters(String text) {
        StringBuilder out = null;
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = c == '\t' || c == '\n' || Character.getType(c) != Character.CONTROL;
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length()).append(text, start, i);
            }
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (keep) {
                out.append(c);
            }
        }
        if (out != null) {
            return out.toString();
        }
        return start == 0 ? text : text.substring(start);
    }
}
