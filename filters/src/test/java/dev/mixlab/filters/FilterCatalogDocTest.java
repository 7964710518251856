package dev.mixlab.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FilterCatalogDocTest {

    @Test
    void filtersDocMatchesTheCatalog() {
        Path doc = GeneratedDocs.path("FILTERS.md");
        String expected = FilterCatalogMarkdown.render();
        if (GeneratedDocs.rewriteRequested()) {
            GeneratedDocs.write(doc, expected);
        }
        assertThat(GeneratedDocs.read(doc))
                .as(
                        "%s is out of date; %s",
                        doc, GeneratedDocs.howToRegenerate(getClass().getSimpleName()))
                .isEqualTo(expected);
    }

    @Test
    void renderedDocListsEveryParameterWithItsDefault() {
        String markdown = FilterCatalogMarkdown.render();
        for (FilterCatalog.Entry entry : FilterCatalog.entries()) {
            assertThat(markdown).contains("## " + entry.name() + "\n");
            for (FilterParameter<?> parameter : entry.parameters()) {
                assertThat(markdown)
                        .contains(
                                "| `"
                                        + parameter.name()
                                        + "` | `"
                                        + parameter.defaultText()
                                        + "` |");
            }
        }
    }
}
