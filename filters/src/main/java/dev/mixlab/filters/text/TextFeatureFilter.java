package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.Verdict;

/**
 * A text filter that reads the shared {@link TextFeatures} of a document instead of measuring the
 * text itself. A curation step gives every such filter of a document the same features object.
 */
public interface TextFeatureFilter extends DocumentFilter {

    /** The verdict on {@code doc}, whose text {@code features} describes. */
    Verdict apply(Document doc, TextFeatures features);

    @Override
    default Verdict apply(Document doc) {
        return apply(doc, new TextFeatures(doc.text()));
    }
}
