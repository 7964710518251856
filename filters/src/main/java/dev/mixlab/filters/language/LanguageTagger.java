package dev.mixlab.filters.language;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentMapper;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records the natural language of every document as {@code metadata.lang} (ISO 639-1, {@code und}
 * when unknown) and Lingua's confidence as {@code metadata.lang_confidence}. Runs before the text
 * filters, whose stop-word rule reads the language. Never drops: {@link LanguageFilter} does that.
 */
public final class LanguageTagger implements DocumentMapper {
    public static final String NAME = "language_id";
    public static final String CONFIDENCE = "lang_confidence";

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    // Fewer candidates are faster and more accurate; a language outside the list is tagged as the
    // closest one.
    public static final FilterParameter<List<String>> CANDIDATES =
            SCHEMA.stringList(
                    "candidates",
                    LanguageIdentifier.EUROPEAN,
                    "ISO 639-1 codes the detector chooses among (2 to 64 of Lingua's languages; fewer is faster).");

    private final ParameterValues settings;
    private transient LanguageIdentifier identifier;

    public LanguageTagger(ParameterValues settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mapped apply(Document doc) {
        if (identifier == null) identifier = new LanguageIdentifier(settings.get(CANDIDATES));
        LanguageIdentifier.Guess guess = identifier.identify(doc.text());
        Map<String, String> metadata = new HashMap<>(doc.metadata());
        metadata.put(Document.LANG, guess.language());
        metadata.put(CONFIDENCE, String.format(Locale.ROOT, "%.4f", guess.confidence()));
        return new Mapped(
                new Document(doc.id(), doc.source(), doc.kind(), doc.text(), metadata),
                Map.of(NAME + "." + guess.language(), 1));
    }
}
