package dev.mixlab.filters.code;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The language of a source or markup file, decided by its extension alone, and the corpus it
 * belongs to. Used by the sample builder and by the curation readers of source directories and
 * archives.
 */
public enum FileLanguage {
    JAVA("java", Corpus.CODE, "java"),
    KOTLIN("kotlin", Corpus.CODE, "kt", "kts"),
    SCALA("scala", Corpus.CODE, "scala"),
    PYTHON("python", Corpus.CODE, "py"),
    CLOJURE("clojure", Corpus.CODE, "clj", "cljc", "cljs"),
    C("c", Corpus.CODE, "c", "h"),
    MARKDOWN("markdown", Corpus.MARKUP, "md", "markdown"),
    HTML("html", Corpus.MARKUP, "html", "htm"),
    XML("xml", Corpus.MARKUP, "xml"),
    JSON("json", Corpus.MARKUP, "json"),
    YAML("yaml", Corpus.MARKUP, "yaml", "yml");

    private static final Map<String, FileLanguage> BY_EXTENSION =
            Stream.of(values())
                    .flatMap(
                            language ->
                                    Stream.of(language.extensions)
                                            .map(extension -> Map.entry(extension, language)))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    public final String label;
    public final Corpus corpus;
    private final String[] extensions;

    FileLanguage(String label, Corpus corpus, String... extensions) {
        this.label = label;
        this.corpus = corpus;
        this.extensions = extensions;
    }

    /**
     * The language of {@code path} (case-insensitive extension), or null when the extension is not
     * sampled.
     */
    public static FileLanguage ofPath(String path) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        return BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The sample's corpora; the label is the output folder and the documents' {@code source} field.
     */
    public enum Corpus {
        TEXT("text"),
        CODE("code"),
        MARKUP("markup");

        public final String label;

        Corpus(String label) {
            this.label = label;
        }
    }
}
