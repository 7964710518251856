package dev.mixlab.filters.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The encoded-data filter scans by hand what its documentation defines as regexes (StarCoder's);
 * here those regexes, run with {@link Matcher#find()}, are the reference, on random text built from
 * the characters and fragments they care about, so that near misses of every rule are frequent.
 */
class EncodedDataScanTest {

    private static final int MIN_BASE64_RUN_CHARS = 16;
    private static final List<Pattern> ENCODED_RUNS =
            List.of(
                    Pattern.compile("[A-Za-z0-9+/=\\n]{" + MIN_BASE64_RUN_CHARS + ",}"),
                    Pattern.compile("(?:\\b(?:0x|\\\\x)?[0-9a-fA-F]{2}(?:\\s*,\\s*|\\b\\s*)){8,}"),
                    Pattern.compile("(?:\\\\u[0-9a-fA-F]{4}){8,}"));
    private static final Pattern CODE_TOKEN =
            Pattern.compile(
                    "[\\p{L}_$][\\p{L}\\p{N}_$]*|0[xX][0-9a-fA-F_]+|\\d[\\d_]*(?:\\.\\d[\\d_]*)?(?:[eE][+-]?\\d+)?"
                            + "|\\.\\d+(?:[eE][+-]?\\d+)?");
    private static final String[] FRAGMENTS = {
        "0x1f",
        "0x8B",
        "0X1f",
        "\\x0a",
        "\\xZZ",
        "\\u00e9",
        "\\u00E8",
        "\\u12G4",
        "\\\\u0041",
        "1f",
        "ab",
        "00",
        "7",
        "12_3",
        ".5",
        "1.",
        "e",
        "E",
        "e-",
        "e+7",
        "+",
        "-",
        "_",
        "$",
        "/",
        "=",
        "\n",
        " ",
        "  ",
        ",",
        ", ",
        ";",
        "x",
        "abc",
        "QUJD",
        "é",
        "\u0301",
        "Ω",
        "٣",
        "Ⅻ",
        "½",
        "\uD835\uDC65",
        "\uD83D\uDE00",
        "\uD835",
        "\uDC65",
        "0xg",
        "3.14e10",
        "1_000.25E-3",
        "0x_ff"
    };

    private final EncodedDataFilter filter =
            new EncodedDataFilter(
                    EncodedDataFilter.SCHEMA.read(
                            Map.of("min_base64_run_chars", MIN_BASE64_RUN_CHARS)));

    @Test
    void scansFindWhatTheRegexesFind() {
        Random random = new Random(20240611);
        for (int round = 0; round < 4000; round++) {
            StringBuilder text = new StringBuilder();
            int fragments = 1 + random.nextInt(80);
            for (int i = 0; i < fragments; i++) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                if (random.nextInt(4) == 0) {
                    text.append(", ");
                }
            }
            String sample = text.toString();
            EncodedDataFilter.EncodedRuns runs = filter.encodedRuns(sample);
            BitSet expectedChars = new BitSet();
            int expectedLongest = 0;
            for (Pattern pattern : ENCODED_RUNS) {
                Matcher matcher = pattern.matcher(sample);
                while (matcher.find()) {
                    expectedChars.set(matcher.start(), matcher.end());
                    expectedLongest = Math.max(expectedLongest, matcher.end() - matcher.start());
                }
            }
            assertThat(runs.longest).as("longest run in %s", sample).isEqualTo(expectedLongest);
            assertThat(runs.charFraction())
                    .as("encoded share of %s", sample)
                    .isEqualTo((double) expectedChars.cardinality() / sample.length());
            assertThat(EncodedDataFilter.numericLiteralFraction(sample))
                    .as("numeric literals in %s", sample)
                    .isEqualTo(numericLiteralFraction(sample));
        }
    }

    private static double numericLiteralFraction(String text) {
        Matcher token = CODE_TOKEN.matcher(text);
        int tokens = 0;
        int numericLiterals = 0;
        while (token.find()) {
            tokens++;
            String literal = token.group();
            if (literal.matches("0[xX].+|[.\\d].*[.eE].*|\\..*")) {
                numericLiterals++;
            }
        }
        return tokens == 0 ? 0 : (double) numericLiterals / tokens;
    }
}
