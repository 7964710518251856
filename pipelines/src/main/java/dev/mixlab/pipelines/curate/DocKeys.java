package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.io.Sha256;
import dev.mixlab.pipelines.read.DocumentLocation;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Identity and order of documents inside a curation. Ids are not trusted to be unique (a corpus may
 * repeat one), so a document's key is its id plus where it was read; "smallest" (the representative
 * kept by both dedup stages) means smallest id, then smallest location.
 */
final class DocKeys {
    private DocKeys() {}

    static String of(Document doc) {
        return doc.id() + '\u0000' + doc.metadata().getOrDefault(DocumentLocation.KEY, "");
    }

    /** The id part of a key made by {@link #of} (a location, being a path, holds no NUL). */
    static String idOf(String key) {
        return key.substring(0, key.lastIndexOf('\u0000'));
    }

    /**
     * 128 bits of SHA-256 of the normalised text: collisions are negligible even across billions of
     * documents.
     */
    static String textHash(String text) {
        return HexFormat.of()
                .formatHex(Sha256.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
