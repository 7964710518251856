package dev.mixlab.samples;

import dev.mixlab.filters.code.FileLanguage;

/**
 * One line of a sample corpus. {@code language} is null for prose (language identification is a
 * later stage); {@code title} and {@code date} are set only for Europarl documents.
 */
record SampleDocument(
        String id,
        String text,
        FileLanguage.Corpus corpus,
        String path,
        String language,
        String artifact,
        String title,
        String date) {

    static SampleDocument sourceFile(
            String artifactId, String path, String text, FileLanguage language, String artifact) {
        return new SampleDocument(
                artifactId + "/" + path,
                text,
                language.corpus,
                path,
                language.label,
                artifact,
                null,
                null);
    }
}
