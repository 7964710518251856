package dev.mixlab.filters.language;

import dev.mixlab.filters.ConfiguredFilter;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.List;

/**
 * Keeps documents in the wanted languages with enough confidence, reading the tags of {@link
 * LanguageTagger} (which must run first). By default it keeps every language and only drops
 * documents the detector could not place ({@code und}).
 */
public final class LanguageFilter extends ConfiguredFilter {
    public static final String NAME = "language";
    public static final String NOT_KEPT = NAME + ".not_in_keep_list";
    public static final String LOW_CONFIDENCE = NAME + ".low_confidence";
    public static final String UNTAGGED = NAME + ".untagged";

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<List<String>> KEEP =
            SCHEMA.stringList(
                    "keep",
                    List.of(),
                    "ISO 639-1 codes to keep; empty keeps every identified language.");
    // Off by default. The confidence is a posterior among the candidates: on Europarl 99.7% of
    // documents are above 0.99, and those below 0.5 are titles of 6 to 20 characters.
    public static final FilterParameter<Double> MIN_CONFIDENCE =
            SCHEMA.minFraction(
                    "min_confidence",
                    0.0,
                    "Minimum posterior probability of the identified language among the candidates"
                            + " (0.5: more likely than all the others together).");

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public LanguageFilter(ParameterValues settings) {
        super(NAME, settings);
    }

    @Override
    public Verdict apply(Document doc) {
        String lang = doc.metadata().get(Document.LANG);
        if (lang == null)
            return Verdict.drop(UNTAGGED, "no metadata.lang: enable language_id before language");
        if (lang.equals("und")) return Verdict.drop(NOT_KEPT, "language could not be identified");
        if (!settings.get(KEEP).isEmpty() && !settings.get(KEEP).contains(lang)) {
            return Verdict.drop(NOT_KEPT, lang + " not in keep " + settings.get(KEEP));
        }
        double confidence =
                Double.parseDouble(doc.metadata().getOrDefault(LanguageTagger.CONFIDENCE, "0"));
        if (confidence < settings.get(MIN_CONFIDENCE)) {
            return Verdict.dropBelow(
                    LOW_CONFIDENCE, confidence, MIN_CONFIDENCE, settings.get(MIN_CONFIDENCE));
        }
        return Verdict.keep();
    }
}
