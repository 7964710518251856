package dev.mixlab.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.text.C4Filter;
import dev.mixlab.filters.text.GopherQualityFilter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterCatalogTest {

    private static final Document SHORT_TEXT =
            new Document("1", "test", Document.KIND_TEXT, "Just a few words here.", Map.of());

    @Test
    void knowsEveryStepByItsYamlName() {
        assertThat(FilterCatalog.entries())
                .extracting(FilterCatalog.Entry::name)
                .containsExactly(
                        "language_id",
                        "language",
                        "gopher_quality",
                        "gopher_repetition",
                        "c4",
                        "fineweb",
                        "code_files",
                        "code_quality",
                        "auto_generated",
                        "encoded_data",
                        "data_files",
                        "markup_text",
                        "pii");
        assertThat(FilterCatalog.entry("c4").defaultKinds()).containsExactly(Document.KIND_TEXT);
        assertThat(FilterCatalog.entry("encoded_data").defaultKinds())
                .containsExactly(Document.KIND_CODE);
        assertThat(FilterCatalog.entry("markup_text").defaultKinds())
                .containsExactly(Document.KIND_MARKUP);
        assertThat(FilterCatalog.entry("pii").defaultKinds()).containsExactly(Document.KIND_CODE);
        assertThat(FilterCatalog.entry("pii").isFilter()).isFalse();
        assertThat(FilterCatalog.entry("fineweb").isFilter()).isTrue();
    }

    private static List<String> selected(String kind, Map<String, ?> configured) {
        return FilterCatalog.select(kind, configured).stream()
                .map(step -> step.entry().name() + "@" + step.entry().stage())
                .toList();
    }

    @Test
    void aSourceRunsTheStepsOfItsKindWithRedactionAfterNearDedup() {
        assertThat(selected(Document.KIND_TEXT, Map.of()))
                .containsExactly(
                        "language_id@BEFORE_NEAR_DEDUP",
                        "language@BEFORE_NEAR_DEDUP",
                        "gopher_quality@BEFORE_NEAR_DEDUP",
                        "gopher_repetition@BEFORE_NEAR_DEDUP",
                        "c4@BEFORE_NEAR_DEDUP",
                        "fineweb@BEFORE_NEAR_DEDUP");
        assertThat(selected(Document.KIND_CODE, Map.of("pii", false, "code_quality", false)))
                .containsExactly(
                        "code_files@BEFORE_NEAR_DEDUP",
                        "auto_generated@BEFORE_NEAR_DEDUP",
                        "encoded_data@BEFORE_NEAR_DEDUP",
                        "data_files@BEFORE_NEAR_DEDUP");
        assertThat(selected("synthetic", Map.of("pii", true, "c4", Map.of("min_sentences", 2))))
                .containsExactly("c4@BEFORE_NEAR_DEDUP", "pii@AFTER_NEAR_DEDUP");
        FilterCatalog.Selected c4 =
                FilterCatalog.select("synthetic", Map.of("c4", Map.of("min_sentences", 2))).get(0);
        assertThat(c4.parameters()).isEqualTo(Map.of("min_sentences", 2));
        assertThat(c4.create().name()).isEqualTo("c4");
    }

    @Test
    void aStepRunsAfterTheStepsItReadsWhateverTheOrderOfTheSection() {
        Map<String, Object> configured = new java.util.LinkedHashMap<>();
        configured.put("gopher_quality", true);
        configured.put("language", true);
        configured.put("language_id", true);
        assertThat(selected(Document.KIND_CODE, configured))
                .startsWith(
                        "language_id@BEFORE_NEAR_DEDUP",
                        "language@BEFORE_NEAR_DEDUP",
                        "gopher_quality@BEFORE_NEAR_DEDUP");
        assertThat(FilterCatalog.entry("language").requires()).containsExactly("language_id");
        assertThat(FilterCatalog.entry("gopher_quality").after()).containsExactly("language_id");
    }

    @Test
    void aStepWhoseRequiredStepIsOffIsRefused() {
        assertThatThrownBy(() -> FilterCatalog.select(Document.KIND_CODE, Map.of("language", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "filter 'language' needs 'language_id', which is off for this code source;"
                                + " add language_id: true to its filters (docs/FILTERS.md)");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.select(
                                        Document.KIND_TEXT, Map.of("language_id", false)))
                .hasMessageContaining("filter 'language' needs 'language_id'");
        assertThat(selected(Document.KIND_TEXT, Map.of("language_id", false, "language", false)))
                .doesNotContain("language_id@BEFORE_NEAR_DEDUP", "language@BEFORE_NEAR_DEDUP")
                .contains("gopher_quality@BEFORE_NEAR_DEDUP");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.select(
                                        Document.KIND_TEXT, Map.of("gopher_qualty", true)))
                .hasMessageContaining("did you mean 'gopher_quality'?");
    }

    @Test
    void everyEntryBuildsWithDefaultsUnderItsOwnNameAndSurvivesSerialization() throws Exception {
        for (FilterCatalog.Entry entry : FilterCatalog.entries()) {
            CurationStep step = entry.create(Map.of());
            assertThat(step.name()).isEqualTo(entry.name());
            assertThat(step.getClass()).isEqualTo(entry.implementation());
            CurationStep copy = (CurationStep) DocumentTest.roundTrip(step);
            Document doc =
                    entry.isFilter()
                            ? SHORT_TEXT
                            : SHORT_TEXT.withText("mail me at someone@example.org");
            if (step instanceof DocumentFilter filter) {
                assertThat(((DocumentFilter) copy).apply(doc)).isEqualTo(filter.apply(doc));
            } else {
                assertThat(((DocumentMapper) copy).apply(doc))
                        .isEqualTo(((DocumentMapper) step).apply(doc));
            }
        }
    }

    @Test
    void everyParameterAcceptsItsOwnDefaultFromYaml() {
        for (FilterCatalog.Entry entry : FilterCatalog.entries()) {
            Map<String, Object> allDefaults = new HashMap<>();
            for (FilterParameter<?> parameter : entry.parameters()) {
                allDefaults.put(parameter.name(), parameter.defaultValue());
            }
            assertThat(entry.create(allDefaults).name()).isEqualTo(entry.name());
        }
    }

    @Test
    void unknownParameterIsNamedWithASuggestion() {
        assertThatThrownBy(() -> FilterCatalog.create("gopher_quality", Map.of("min_word", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter 'gopher_quality' has no parameter 'min_word'")
                .hasMessageContaining("did you mean 'min_words'?")
                .hasMessageContaining("; known parameters: min_words, max_words");
    }

    @Test
    void unknownFilterIsNamedWithASuggestion() {
        assertThatThrownBy(() -> FilterCatalog.entry("gopher_qualty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "unknown filter 'gopher_qualty' (did you mean 'gopher_quality'?)");
        assertThatThrownBy(() -> FilterCatalog.entry("bloom"))
                .hasMessageNotContaining("did you mean")
                .hasMessageContaining("; known filters: language_id, language, gopher_quality");
    }

    @Test
    void wrongTypesAndOutOfRangeValuesNameTheParameter() {
        assertThatThrownBy(
                        () -> FilterCatalog.create("gopher_quality", Map.of("min_words", "fifty")))
                .hasMessage(
                        "filter 'gopher_quality': parameter 'min_words' must be an integer, got fifty (String)");
        assertThatThrownBy(() -> FilterCatalog.create("gopher_quality", Map.of("min_words", 12.5)))
                .hasMessageContaining("'min_words' must be an integer");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.create(
                                        "fineweb", Map.of("max_short_line_fraction", 1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "parameter 'max_short_line_fraction' must be a fraction in [0, 1], null = off, got 1.5");
        assertThatThrownBy(() -> FilterCatalog.create("c4", Map.of("drop_curly_bracket", "yes")))
                .hasMessageContaining("'drop_curly_bracket' must be true or false");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.create(
                                        "data_files", Map.of("dropped_extensions", "csv")))
                .hasMessageContaining("'dropped_extensions' must be a list of strings");
        assertThatThrownBy(() -> FilterCatalog.create("auto_generated", Map.of("scan_lines", 0)))
                .hasMessageContaining("'scan_lines' must be an integer ≥ 1, got 0");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.create(
                                        "gopher_quality", Map.of("min_words", 10, "max_words", 5)))
                .hasMessageContaining("min_words 10 is greater than max_words 5");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.create(
                                        "gopher_quality", Map.of("fallback_language", "xx")))
                .hasMessageContaining("'fallback_language' is 'xx'")
                .hasMessageContaining("use 'auto'");
        assertThatThrownBy(
                        () ->
                                FilterCatalog.create(
                                        "pii", Map.of("kinds", List.of("email", "phone"))))
                .hasMessageContaining("unknown kind 'phone'");
    }

    @Test
    void valuesSetFromJavaAreCheckedLikeYaml() {
        assertThatThrownBy(
                        () ->
                                GopherQualityFilter.SCHEMA.of(
                                        Map.of(GopherQualityFilter.MIN_WORDS, -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 'min_words'");
        assertThatThrownBy(
                        () ->
                                GopherQualityFilter.SCHEMA.of(
                                        Map.of(
                                                GopherQualityFilter.MIN_WORDS,
                                                10,
                                                GopherQualityFilter.MAX_WORDS,
                                                5)))
                .hasMessageContaining("min_words 10 is greater than max_words 5");
        assertThatThrownBy(() -> C4Filter.SCHEMA.of(Map.of(GopherQualityFilter.MIN_WORDS, 10)))
                .hasMessageContaining("is not a parameter of filter 'c4'");
    }

    @Test
    void nullSwitchesARuleOffButOnlyWhereARuleHasAnOffSwitch() {
        DocumentFilter strict = (DocumentFilter) FilterCatalog.create("gopher_quality", Map.of());
        Map<String, Object> off = new HashMap<>();
        Arrays.asList("min_words", "min_stop_words", "min_mean_word_length")
                .forEach(name -> off.put(name, null));
        DocumentFilter lenient = (DocumentFilter) FilterCatalog.create("gopher_quality", off);

        assertThat(strict.apply(SHORT_TEXT).kept()).isFalse();
        assertThat(lenient.apply(SHORT_TEXT).kept()).isTrue();

        Map<String, Object> noOffSwitch = new HashMap<>();
        noOffSwitch.put("scan_lines", null);
        assertThatThrownBy(() -> FilterCatalog.create("auto_generated", noOffSwitch))
                .hasMessageContaining("'scan_lines' cannot be null (this rule has no off switch)");
    }

    @Test
    void yamlIntegersOfAnyWidthAreAccepted() {
        DocumentFilter filter =
                (DocumentFilter) FilterCatalog.create("gopher_quality", Map.of("min_words", 3L));
        assertThat(filter.apply(SHORT_TEXT.withText("Three plain words")).kept()).isFalse();
    }
}
