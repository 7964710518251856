package dev.mixlab.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the files (or Europarl lines) left out of the sample, per artifact and reason, with a few
 * examples.
 */
final class SkipTally {

    static final String UNSUPPORTED_EXTENSION = "unsupported-extension";
    static final String OUTSIDE_SELECTED_FOLDER = "outside-selected-folder";
    static final String EMPTY = "empty";
    static final String BINARY = "binary";
    static final String INVALID_UTF8 = "invalid-utf8";
    static final String DUPLICATE_PATH = "duplicate-path";
    static final String MALFORMED_LINE = "malformed-line";

    private static final int EXAMPLES_PER_REASON = 3;

    private final Map<String, Map<String, Entry>> byArtifactAndReason = new TreeMap<>();

    void add(String artifact, String reason, String path) {
        Entry entry =
                byArtifactAndReason
                        .computeIfAbsent(artifact, key -> new TreeMap<>())
                        .computeIfAbsent(reason, key -> new Entry());
        entry.count++;
        if (entry.examples.size() < EXAMPLES_PER_REASON) {
            entry.examples.add(path);
        }
    }

    /**
     * Sorted by artifact, then reason; examples in the order met (sorted input gives sorted
     * examples).
     */
    List<SampleReport.SkippedFiles> toList() {
        List<SampleReport.SkippedFiles> skipped = new ArrayList<>();
        byArtifactAndReason.forEach(
                (artifact, reasons) ->
                        reasons.forEach(
                                (reason, entry) ->
                                        skipped.add(
                                                new SampleReport.SkippedFiles(
                                                        artifact,
                                                        reason,
                                                        entry.count,
                                                        List.copyOf(entry.examples)))));
        return skipped;
    }

    private static final class Entry {
        long count;
        final List<String> examples = new ArrayList<>();
    }
}
