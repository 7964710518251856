package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps markup and configuration files out of a code corpus: a file whose {@code metadata.path}
 * (else {@code metadata.language}) is a markup or configuration format of {@link FileLanguage}
 * (Markdown, HTML, XML, TeX, JSON, YAML, TOML, INI, properties …) is not code, whatever source it
 * came from. The Stack mixes them in as separate "languages"; a code-vs-text ablation that counted
 * them as code would measure markup. An explicit {@code extensions} list routes instead: the source
 * then keeps exactly the files with those extensions (e.g. {@code [java, json]}), and the others
 * are dropped. A document with neither path nor language is kept, as nothing says what it is.
 */
public final class CodeFileFilter implements DocumentFilter {

    public static final String NAME = "code_files";
    public static final String NOT_CODE = NAME + ".not_code";
    public static final String NOT_LISTED = NAME + ".not_in_extensions";

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<List<String>> EXTENSIONS =
            SCHEMA.stringList(
                    "extensions",
                    List.of(),
                    "File extensions this source keeps (e.g. [java, json]); empty keeps every"
                            + " programming language and drops markup and configuration files.");

    private final Set<String> extensions;

    public CodeFileFilter(ParameterValues settings) {
        this.extensions =
                settings.get(EXTENSIONS).stream()
                        .map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                        .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict apply(Document doc) {
        Optional<String> path = doc.metadataValue(Document.PATH);
        if (!extensions.isEmpty() && path.isPresent()) {
            String extension = FileLanguage.extension(path.get());
            return extensions.contains(extension)
                    ? Verdict.keep()
                    : Verdict.drop(
                            NOT_LISTED,
                            "'."
                                    + extension
                                    + "' is not in extensions "
                                    + extensions.stream().sorted().toList());
        }
        FileLanguage language =
                path.map(FileLanguage::ofPath)
                        .orElseGet(
                                () ->
                                        doc.metadataValue(Document.LANGUAGE)
                                                .map(FileLanguage::ofName)
                                                .orElse(null));
        if (language == null || language.kind == FileLanguage.Kind.CODE) return Verdict.keep();
        return Verdict.drop(
                NOT_CODE,
                language.label
                        + " is "
                        + language.kind.name().toLowerCase(Locale.ROOT)
                        + ", not code (list its extension in code_files.extensions to keep it)");
    }
}
