package dev.mixlab.filters.decontaminate;

import java.util.ArrayList;
import java.util.List;

/**
 * The GPT-3 decontamination of a document (Brown et al. 2020, appendix C, as lm-eval-harness's
 * janitor implements it): each matched n-gram is removed with {@code window} characters on each
 * side, which splits the document into pieces; pieces shorter than {@code minPiece} characters are
 * dropped; a document split more than {@code maxSplits} times is dropped whole.
 *
 * <p>One difference from the janitor's code, on purpose: windows that overlap or touch are merged
 * before splits are counted, so a copied paragraph is one split, as the paper describes ("split
 * into more than 10 pieces"). The janitor counts every matched n-gram, so any document holding 23
 * consecutive contaminated words would be dropped in redact mode. Kept pieces are joined with a
 * newline.
 *
 * @param window characters removed on each side of a matched n-gram (GPT-3: 200)
 * @param minPiece shortest piece kept, in characters (GPT-3: 200)
 * @param maxSplits most splits a kept document may have (GPT-3: 10)
 */
public record Janitor(int window, int minPiece, int maxSplits) implements java.io.Serializable {
    public static final Janitor GPT3 = new Janitor(200, 200, 10);

    /**
     * What redaction made of a document.
     *
     * @param text the redacted text, or null when the document is dropped (too many splits or no
     *     piece long enough)
     * @param splits removed windows after merging
     * @param removedChars characters of the original not in the result (windows and short pieces)
     */
    public record Redaction(String text, int splits, long removedChars) {
        public boolean dropped() {
            return text == null;
        }
    }

    /** Redacts {@code matches} (in text order) from {@code text}. */
    public Redaction redact(String text, List<OverlapScan.Match> matches) {
        if (matches.isEmpty()) return new Redaction(text, 0, 0);
        List<int[]> windows = new ArrayList<>();
        for (OverlapScan.Match match : matches) {
            int start = Math.max(0, match.start() - window);
            int end = Math.min(text.length(), match.end() + window);
            int[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && start <= last[1]) last[1] = Math.max(last[1], end);
            else windows.add(new int[] {start, end});
        }
        if (windows.size() > maxSplits) return new Redaction(null, windows.size(), text.length());
        StringBuilder kept = new StringBuilder();
        long keptChars = 0;
        int from = 0;
        for (int i = 0; i <= windows.size(); i++) {
            int to = i < windows.size() ? windows.get(i)[0] : text.length();
            if (to - from >= minPiece) {
                if (!kept.isEmpty()) kept.append('\n');
                kept.append(text, from, to);
                keptChars += to - from;
            }
            if (i < windows.size()) from = windows.get(i)[1];
        }
        if (kept.isEmpty()) return new Redaction(null, windows.size(), text.length());
        return new Redaction(kept.toString(), windows.size(), text.length() - keptChars);
    }
}
