package dev.mixlab.pipelines.read;

/**
 * The metadata key under which every document carries where it was read from (kept through
 * curation).
 */
public final class DocumentLocation {
    public static final String KEY = "location";

    private DocumentLocation() {}
}
