package dev.mixlab.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentTest {

    @Test
    void metadataIsCopiedAndUnmodifiable() {
        Map<String, String> metadata = new HashMap<>(Map.of(Document.PATH, "src/A.java"));
        Document doc = new Document("1", "repo", Document.KIND_CODE, "class A {}", metadata);
        metadata.put(Document.LANGUAGE, "Java");

        assertThat(doc.metadata()).containsOnlyKeys(Document.PATH);
        assertThatThrownBy(() -> doc.metadata().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(doc.metadataValue(Document.PATH)).contains("src/A.java");
        assertThat(doc.metadataValue(Document.LANG)).isEmpty();
    }

    @Test
    void withTextKeepsEverythingElse() {
        Document doc =
                new Document("1", "repo", Document.KIND_TEXT, "old", Map.of(Document.LANG, "de"));
        assertThat(doc.withText("new"))
                .isEqualTo(new Document("1", "repo", Document.KIND_TEXT, "new", doc.metadata()));
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        Document doc =
                new Document(
                        "7", "europarl", Document.KIND_TEXT, "Grüße", Map.of(Document.LANG, "de"));
        assertThat(roundTrip(doc)).isEqualTo(doc);
    }

    static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
