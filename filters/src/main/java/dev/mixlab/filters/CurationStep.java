package dev.mixlab.filters;

import java.io.Serializable;

/**
 * A per-document curation step known to the {@link FilterCatalog}: either a {@link DocumentFilter}
 * (keep or drop) or a {@link DocumentMapper} (rewrite, e.g. PII redaction). Sealed so that a
 * pipeline can handle both shapes exhaustively.
 */
public sealed interface CurationStep extends Serializable permits DocumentFilter, DocumentMapper {

    /** The catalog (YAML) name, also the prefix of every reason or counter this step emits. */
    String name();
}
