package dev.mixlab.filters;

/**
 * Decides whether a document is kept (datatrove's {@code filter(doc)}). Implementations are
 * stateless apart from their settings and safe to call from several threads.
 */
public non-sealed interface DocumentFilter extends CurationStep {

    Verdict apply(Document doc);
}
