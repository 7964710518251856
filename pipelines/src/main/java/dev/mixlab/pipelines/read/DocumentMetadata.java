package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.code.FileLanguage;
import java.util.Locale;
import java.util.Map;

/**
 * One spelling for the programming language of every reader's documents, so that accounting per
 * language adds up across inputs: The Stack's {@code Java} / {@code C++} and a file's {@code .java}
 * / {@code .cpp} all become {@link FileLanguage}'s label ({@code java}, {@code cpp}); a language it
 * does not know is kept lower-cased with dashes for spaces. A document with a path but no language
 * gets the language of its extension.
 */
final class DocumentMetadata {
    private DocumentMetadata() {}

    /** Normalises {@code metadata} in place and returns it. */
    static Map<String, String> normalise(Map<String, String> metadata) {
        String language = metadata.get(Document.LANGUAGE);
        if (language != null) {
            FileLanguage known = FileLanguage.ofName(language);
            metadata.put(
                    Document.LANGUAGE,
                    known != null
                            ? known.label
                            : language.strip().toLowerCase(Locale.ROOT).replace(' ', '-'));
        } else if (metadata.containsKey(Document.PATH)) {
            FileLanguage known = FileLanguage.ofPath(metadata.get(Document.PATH));
            if (known != null) metadata.put(Document.LANGUAGE, known.label);
        }
        return metadata;
    }
}
