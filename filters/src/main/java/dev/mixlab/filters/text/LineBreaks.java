package dev.mixlab.filters.text;

import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where lines and paragraphs end, for the line-based rules of the text filters.
 *
 * <p>A newline always ends a line and a blank line always ends a paragraph. Some corpora have no
 * newlines at all: Europarl documents are one line whose paragraphs are separated by runs of three
 * or more spaces. With {@code spaceRun > 0}, a run of at least that many spaces ends both a line
 * and a paragraph, so line-based rules see the real structure instead of one giant line.
 *
 * <p>Returned lines and paragraphs are stripped, and blank ones are left out: they separate content
 * rather than being content, so they do not count towards any fraction.
 *
 * @param spaceRun minimum run of spaces that acts as a line break; 0 means only newlines do
 */
public record LineBreaks(int spaceRun) implements Serializable {

    static final int MAX_SPACE_RUN = 1000;

    public LineBreaks {
        if (spaceRun < 0 || spaceRun > MAX_SPACE_RUN) {
            throw new IllegalArgumentException(
                    "line_break_space_run must be between 0 (off) and "
                            + MAX_SPACE_RUN
                            + ", got "
                            + spaceRun);
        }
    }

    /** Declares the shared {@code line_break_space_run} parameter of a text filter. */
    static FilterParameter<Integer> declareSpaceRun(ParameterSchema schema) {
        return schema.integer(
                "line_break_space_run",
                0,
                0,
                MAX_SPACE_RUN,
                "A run of at least this many spaces also ends a line and a paragraph (0 = only newlines;"
                        + " 3 suits Europarl).");
    }

    /** Declares the shared {@code min_lines_for_line_rules} parameter of a text filter. */
    static FilterParameter<Integer> declareMinLinesForLineRules(ParameterSchema schema) {
        return schema.integer(
                "min_lines_for_line_rules",
                1,
                1,
                Integer.MAX_VALUE,
                "Line-based rules apply only to documents with at least this many non-blank lines (1 = always;"
                        + " 2 exempts single-line documents).");
    }

    /**
     * The verdict of {@code rules} on the document's lines, or keep when it has fewer than {@code
     * minLines} non-blank lines (or none): line-based rules say nothing about one long line.
     */
    public Verdict applyLineRules(
            TextFeatures features, int minLines, Function<List<String>, Verdict> rules) {
        List<String> lines = features.lines(this);
        return !lines.isEmpty() && lines.size() >= minLines ? rules.apply(lines) : Verdict.keep();
    }

    public List<String> lines(String text) {
        return split(text, false);
    }

    public List<String> paragraphs(String text) {
        return split(text, true);
    }

    private List<String> split(String text, boolean paragraphs) {
        List<String> parts = new ArrayList<>();
        int partStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                int breakEnd = paragraphs ? blankLineEnd(text, i) : i + 1;
                if (breakEnd > 0) {
                    addPart(parts, text, partStart, i);
                    partStart = breakEnd;
                    i = breakEnd;
                } else {
                    i++;
                }
            } else if (c == ' ' && spaceRun > 0) {
                int runEnd = i;
                while (runEnd < text.length() && text.charAt(runEnd) == ' ') {
                    runEnd++;
                }
                if (runEnd - i >= spaceRun) {
                    addPart(parts, text, partStart, i);
                    partStart = runEnd;
                }
                i = runEnd;
            } else {
                i++;
            }
        }
        addPart(parts, text, partStart, text.length());
        return parts;
    }

    /**
     * If the newline at {@code newline} starts a blank line, the index after the blank run, else
     * -1.
     */
    private static int blankLineEnd(String text, int newline) {
        int i = newline + 1;
        boolean sawSecondNewline = false;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            sawSecondNewline |= text.charAt(i) == '\n';
            i++;
        }
        return sawSecondNewline ? i : -1;
    }

    private static void addPart(List<String> parts, String text, int from, int to) {
        String part = text.substring(from, to).strip();
        if (!part.isEmpty()) {
            parts.add(part);
        }
    }
}
