package dev.mixlab.filters.code;

import dev.mixlab.filters.AnchoredSearch;
import dev.mixlab.filters.ConfiguredFilter;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * Drops files that are mostly data written as code: embedded base64 blobs, byte arrays in hex, runs
 * of {@code \\u} escapes (the StarCoder encoded-data filter), and files whose tokens are largely
 * float or hex literals (the "too many floats / hex numbers" heuristic from the code-vs-text study,
 * Aryabumi et al. 2024).
 */
public final class EncodedDataFilter extends ConfiguredFilter {

    public static final String NAME = "encoded_data";
    public static final String LONG_ENCODED_RUN = NAME + ".long_encoded_run";
    public static final String ENCODED_FRACTION = NAME + ".encoded_fraction";
    public static final String NUMERIC_LITERALS = NAME + ".numeric_literals";

    /**
     * StarCoder's hex-byte pattern, widened to allow spaces around commas: as published it misses
     * the most common form, {@code 0x1f, 0x8b, ...}.
     */
    private static final Pattern HEX_BYTES =
            Pattern.compile("(?:\\b(?:0x|\\\\x)?[0-9a-fA-F]{2}(?:\\s*,\\s*|\\b\\s*)){8,}");

    /** StarCoder's {@code (?:\\u[0-9a-fA-F]{4}){8,}}: at least this many escapes in a row. */
    private static final int MIN_UNICODE_ESCAPES = 8;

    private static final int UNICODE_ESCAPE_CHARS = 6;

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Integer> MIN_BASE64_RUN_CHARS =
            SCHEMA.integer(
                    "min_base64_run_chars",
                    64,
                    16,
                    Integer.MAX_VALUE,
                    "A run of base64 characters at least this long counts as encoded data (StarCoder).");
    public static final FilterParameter<Integer> MAX_ENCODED_RUN_CHARS =
            SCHEMA.maxCount(
                    "max_encoded_run_chars",
                    1024,
                    "Longest single base64, hex-byte or unicode-escape run (StarCoder).");
    public static final FilterParameter<Double> MAX_ENCODED_CHAR_FRACTION =
            SCHEMA.maxFraction(
                    "max_encoded_char_fraction",
                    0.5,
                    "Largest share of characters inside encoded runs (StarCoder).");
    /*
     * The paper gives no number: on lucene-core 9.12 hand-written files stay below 0.06 while its
     * generated Levenshtein tables reach 0.20; numeric data dumps exceed 0.8.
     */
    public static final FilterParameter<Double> MAX_NUMERIC_LITERAL_FRACTION =
            SCHEMA.maxFraction(
                    "max_numeric_literal_fraction",
                    0.25,
                    "Largest share of code tokens that are float or hex literals (code-vs-text paper; threshold ours).");

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public EncodedDataFilter(ParameterValues settings) {
        super(NAME, settings);
    }

    @Override
    public Verdict apply(Document doc) {
        String text = doc.text();
        if (text.isEmpty()) {
            return Verdict.keep();
        }
        EncodedRuns encoded = encodedRuns(text);
        if (encoded.longest > settings.get(MAX_ENCODED_RUN_CHARS)) {
            return Verdict.dropAbove(
                    LONG_ENCODED_RUN,
                    encoded.longest,
                    MAX_ENCODED_RUN_CHARS,
                    settings.get(MAX_ENCODED_RUN_CHARS));
        }
        double encodedFraction = encoded.charFraction();
        if (encodedFraction > settings.get(MAX_ENCODED_CHAR_FRACTION)) {
            return Verdict.dropAbove(
                    ENCODED_FRACTION,
                    encodedFraction,
                    MAX_ENCODED_CHAR_FRACTION,
                    settings.get(MAX_ENCODED_CHAR_FRACTION));
        }
        double numericFraction = numericLiteralFraction(text);
        if (numericFraction > settings.get(MAX_NUMERIC_LITERAL_FRACTION)) {
            return Verdict.dropAbove(
                    NUMERIC_LITERALS,
                    numericFraction,
                    MAX_NUMERIC_LITERAL_FRACTION,
                    settings.get(MAX_NUMERIC_LITERAL_FRACTION));
        }
        return Verdict.keep();
    }

    EncodedRuns encodedRuns(String text) {
        EncodedRuns encoded = new EncodedRuns(text.length());
        markBase64Runs(text, encoded);
        AnchoredSearch.forEachMatch(
                HEX_BYTES,
                EncodedDataFilter::hexBytesStart,
                text,
                match -> encoded.add(match.start(), match.end()));
        markUnicodeEscapeRuns(text, encoded);
        return encoded;
    }

    /** The characters inside encoded runs, which may overlap, and the longest run. */
    static final class EncodedRuns {
        private final int textLength;

        /** Allocated at the first run: most files have none. */
        private BitSet chars;

        int longest;

        EncodedRuns(int textLength) {
            this.textLength = textLength;
        }

        void add(int start, int end) {
            if (chars == null) {
                chars = new BitSet(textLength);
            }
            chars.set(start, end);
            longest = Math.max(longest, end - start);
        }

        double charFraction() {
            return chars == null ? 0 : (double) chars.cardinality() / textLength;
        }
    }

    /**
     * Every maximal run of {@code [A-Za-z0-9+/=\n]} at least min_base64_run_chars long (StarCoder).
     */
    private void markBase64Runs(String text, EncodedRuns encoded) {
        int runStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && isBase64Char(text.charAt(i))) {
                continue;
            }
            if (i - runStart >= settings.get(MIN_BASE64_RUN_CHARS)) {
                encoded.add(runStart, i);
            }
            runStart = i + 1;
        }
    }

    private static boolean isBase64Char(char c) {
        return isAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '=' || c == '\n';
    }

    /**
     * Where a {@link #HEX_BYTES} match can start (see {@link AnchoredSearch.MatchStarts}): a byte
     * written HH, 0xHH or \\xHH after a word boundary, followed by no ASCII letter, digit or
     * underscore, since the pattern needs a separator or a word boundary after every byte but the
     * last.
     */
    private static int hexBytesStart(String text, int from) {
        for (int i = from; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            int pairStart;
            if (c == '\\' && text.charAt(i + 1) == 'x') {
                pairStart = i + 2;
            } else if (isHexDigit(c) && (i == 0 || !isAsciiWordChar(text.charAt(i - 1)))) {
                pairStart =
                        c == '0' && text.charAt(i + 1) == 'x' && isHexPair(text, i + 2) ? i + 2 : i;
            } else {
                continue;
            }
            if (isHexPair(text, pairStart)
                    && pairStart + 2 < text.length()
                    && !isAsciiWordChar(text.charAt(pairStart + 2))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHexPair(String text, int start) {
        return start + 2 <= text.length()
                && isHexDigit(text.charAt(start))
                && isHexDigit(text.charAt(start + 1));
    }

    /**
     * Every run of at least eight {@code \\uXXXX} escapes, as the regex {@code
     * (?:\\u[0-9a-fA-F]{4}){8,}} finds them.
     */
    private static void markUnicodeEscapeRuns(String text, EncodedRuns encoded) {
        int start = text.indexOf('\\');
        while (start >= 0) {
            int end = start;
            while (isUnicodeEscape(text, end)) {
                end += UNICODE_ESCAPE_CHARS;
            }
            if (end - start >= MIN_UNICODE_ESCAPES * UNICODE_ESCAPE_CHARS) {
                encoded.add(start, end);
                start = text.indexOf('\\', end);
            } else {
                start = text.indexOf('\\', start + 1);
            }
        }
    }

    private static boolean isUnicodeEscape(String text, int start) {
        return start + UNICODE_ESCAPE_CHARS <= text.length()
                && text.charAt(start) == '\\'
                && text.charAt(start + 1) == 'u'
                && isHexPair(text, start + 2)
                && isHexPair(text, start + 4);
    }

    /**
     * The share of code tokens that are float or hex literals. Tokens are what the regex {@code
     * [\p{L}_$][\p{L}\p{N}_$]*|0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?}
     * would find, scanned by hand because running it at every character cost more than the rest of
     * the filter: identifiers, hex literals, and decimal literals with optional fraction and
     * exponent.
     */
    static double numericLiteralFraction(String text) {
        int tokens = 0;
        int numericLiterals = 0;
        int i = 0;
        while (i < text.length()) {
            int identifierEnd = identifierEnd(text, i);
            int tokenEnd = identifierEnd > i ? identifierEnd : numberEnd(text, i);
            if (tokenEnd == i) {
                i++;
                continue;
            }
            tokens++;
            if (identifierEnd == i && isFloatOrHex(text, i, tokenEnd)) {
                numericLiterals++;
            }
            i = tokenEnd;
        }
        return tokens == 0 ? 0 : (double) numericLiterals / tokens;
    }

    /**
     * The end of {@code [\p{L}_$][\p{L}\p{N}_$]*} at {@code start}, or {@code start}; by code
     * point, as regexes match.
     */
    private static int identifierEnd(String text, int start) {
        int first = text.codePointAt(start);
        if (!Character.isLetter(first) && first != '_' && first != '$') {
            return start;
        }
        int end = start + Character.charCount(first);
        while (end < text.length()) {
            char c = text.charAt(end);
            // ASCII first: the letters and numbers among it are [A-Za-z0-9], and nearly all code is
            // ASCII.
            if (c < 0x80) {
                if (!isAsciiWordChar(c) && c != '$') {
                    break;
                }
                end++;
                continue;
            }
            int next = text.codePointAt(end);
            if (!Character.isLetter(next) && !isUnicodeNumber(next)) {
                break;
            }
            end += Character.charCount(next);
        }
        return end;
    }

    /** {@code \p{N}}. */
    private static boolean isUnicodeNumber(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /**
     * The end of a hex or decimal literal at {@code start}, or {@code start}; the number
     * alternatives of the token regex.
     */
    private static int numberEnd(String text, int start) {
        char first = text.charAt(start);
        if (first == '0'
                && start + 2 < text.length()
                && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')
                && isHexDigitOrUnderscore(text.charAt(start + 2))) {
            int end = start + 3;
            while (end < text.length() && isHexDigitOrUnderscore(text.charAt(end))) {
                end++;
            }
            return end;
        }
        if (isDigit(first)) {
            int end = skipDigits(text, start + 1, true);
            if (end + 1 < text.length()
                    && text.charAt(end) == '.'
                    && isDigit(text.charAt(end + 1))) {
                end = skipDigits(text, end + 2, true);
            }
            return exponentEnd(text, end);
        }
        if (first == '.' && start + 1 < text.length() && isDigit(text.charAt(start + 1))) {
            return exponentEnd(text, skipDigits(text, start + 2, false));
        }
        return start;
    }

    /** The end of {@code [eE][+-]?\d+} at {@code start}, or {@code start}. */
    private static int exponentEnd(String text, int start) {
        if (start == text.length() || (text.charAt(start) != 'e' && text.charAt(start) != 'E')) {
            return start;
        }
        int digits = start + 1;
        if (digits < text.length() && (text.charAt(digits) == '+' || text.charAt(digits) == '-')) {
            digits++;
        }
        return digits < text.length() && isDigit(text.charAt(digits))
                ? skipDigits(text, digits + 1, false)
                : start;
    }

    private static int skipDigits(String text, int start, boolean underscores) {
        int end = start;
        while (end < text.length()
                && (isDigit(text.charAt(end)) || underscores && text.charAt(end) == '_')) {
            end++;
        }
        return end;
    }

    private static boolean isFloatOrHex(String text, int start, int end) {
        char first = text.charAt(start);
        if (end - start > 1
                && first == '0'
                && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            return true;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiWordChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isHexDigitOrUnderscore(char c) {
        return isHexDigit(c) || c == '_';
    }
}
