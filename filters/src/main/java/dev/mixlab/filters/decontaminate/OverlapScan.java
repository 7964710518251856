package dev.mixlab.filters.decontaminate;

/** Where a document shares n-grams with the evaluation items. */
public final class OverlapScan {
    private OverlapScan() {}

    /** One matching n-gram of a document: its hash and its [start, end) span in the text. */
    public record Match(long ngram, int start, int end) {}
}
