package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops files that are mostly data written as code: embedded base64 blobs, byte arrays in hex,
 * runs of {@code \\u} escapes (the StarCoder encoded-data filter), and files whose tokens are largely
 * float or hex literals (the "too many floats / hex numbers" heuristic from the code-vs-text study,
 * Aryabumi et al. 2024).
 */
public final class EncodedDataFilter implements DocumentFilter {

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
  private static final Pattern UNICODE_ESCAPES = Pattern.compile("(?:\\\\u[0-9a-fA-F]{4}){8,}");
  /** Identifiers, hex literals, and decimal literals with optional fraction and exponent. */
  private static final Pattern CODE_TOKEN = Pattern.compile(
      "[\\p{L}_$][\\p{L}\\p{N}_$]*|0[xX][0-9a-fA-F_]+|\\d[\\d_]*(?:\\.\\d[\\d_]*)?(?:[eE][+-]?\\d+)?"
          + "|\\.\\d+(?:[eE][+-]?\\d+)?");

  private final Settings settings;
  private final Pattern base64Run;

  public EncodedDataFilter(Settings settings) {
    this.settings = settings;
    this.base64Run = Pattern.compile("[A-Za-z0-9+/=\\n]{" + settings.minBase64RunChars() + ",}");
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @param minBase64RunChars a run of base64 characters this long counts as encoded data, default 64
   *     (StarCoder)
   * @param maxEncodedRunChars longest single encoded run (base64, hex bytes, unicode escapes), default
   *     1024 characters (StarCoder)
   * @param maxEncodedCharFraction largest share of characters inside encoded runs, default 0.5
   *     (StarCoder)
   * @param maxNumericLiteralFraction largest share of code tokens that are float or hex literals,
   *     default 0.25: the paper gives no number, and on lucene-core 9.12 hand-written files stay below
   *     0.06 while its generated Levenshtein tables reach 0.20; numeric data dumps exceed 0.8
   */
  public record Settings(
      int minBase64RunChars, int maxEncodedRunChars, double maxEncodedCharFraction, double maxNumericLiteralFraction)
      implements Serializable {

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    static final FilterParameter<Integer> MIN_BASE64_RUN_CHARS = SCHEMA.integer("min_base64_run_chars", 64, 16,
        Integer.MAX_VALUE, "A run of base64 characters at least this long counts as encoded data (StarCoder).");
    static final FilterParameter<Integer> MAX_ENCODED_RUN_CHARS = SCHEMA.maxCount("max_encoded_run_chars", 1024,
        "Longest single base64, hex-byte or unicode-escape run (StarCoder).");
    static final FilterParameter<Double> MAX_ENCODED_CHAR_FRACTION = SCHEMA.maxFraction(
        "max_encoded_char_fraction", 0.5, "Largest share of characters inside encoded runs (StarCoder).");
    static final FilterParameter<Double> MAX_NUMERIC_LITERAL_FRACTION = SCHEMA.maxFraction(
        "max_numeric_literal_fraction", 0.25,
        "Largest share of code tokens that are float or hex literals (code-vs-text paper; threshold ours).");

    public static final Settings DEFAULTS = from(SCHEMA.defaults());

    public Settings {
      MIN_BASE64_RUN_CHARS.check(minBase64RunChars);
      MAX_ENCODED_RUN_CHARS.check(maxEncodedRunChars);
      MAX_ENCODED_CHAR_FRACTION.check(maxEncodedCharFraction);
      MAX_NUMERIC_LITERAL_FRACTION.check(maxNumericLiteralFraction);
    }

    public static Settings from(ParameterValues values) {
      return new Settings(values.get(MIN_BASE64_RUN_CHARS), values.get(MAX_ENCODED_RUN_CHARS),
          values.get(MAX_ENCODED_CHAR_FRACTION), values.get(MAX_NUMERIC_LITERAL_FRACTION));
    }
  }

  @Override
  public Verdict apply(Document doc) {
    String text = doc.text();
    if (text.isEmpty()) {
      return Verdict.keep();
    }
    BitSet encoded = new BitSet(text.length());
    int longestRun = 0;
    for (Pattern pattern : List.of(base64Run, HEX_BYTES, UNICODE_ESCAPES)) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        encoded.set(matcher.start(), matcher.end());
        longestRun = Math.max(longestRun, matcher.end() - matcher.start());
      }
    }
    if (longestRun > settings.maxEncodedRunChars()) {
      return Verdict.dropAbove(LONG_ENCODED_RUN, longestRun, Settings.MAX_ENCODED_RUN_CHARS,
          settings.maxEncodedRunChars());
    }
    double encodedFraction = (double) encoded.cardinality() / text.length();
    if (encodedFraction > settings.maxEncodedCharFraction()) {
      return Verdict.dropAbove(ENCODED_FRACTION, encodedFraction, Settings.MAX_ENCODED_CHAR_FRACTION,
          settings.maxEncodedCharFraction());
    }
    double numericFraction = numericLiteralFraction(text);
    if (numericFraction > settings.maxNumericLiteralFraction()) {
      return Verdict.dropAbove(NUMERIC_LITERALS, numericFraction, Settings.MAX_NUMERIC_LITERAL_FRACTION,
          settings.maxNumericLiteralFraction());
    }
    return Verdict.keep();
  }

  private static double numericLiteralFraction(String text) {
    Matcher token = CODE_TOKEN.matcher(text);
    int tokens = 0;
    int numericLiterals = 0;
    while (token.find()) {
      tokens++;
      if (isFloatOrHex(text, token.start(), token.end())) {
        numericLiterals++;
      }
    }
    return tokens == 0 ? 0 : (double) numericLiterals / tokens;
  }

  private static boolean isFloatOrHex(String text, int start, int end) {
    char first = text.charAt(start);
    if (first != '.' && !Character.isDigit(first)) {
      return false;
    }
    if (end - start > 1 && first == '0' && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
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
}
