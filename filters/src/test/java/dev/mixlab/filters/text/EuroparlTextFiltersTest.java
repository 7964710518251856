package dev.mixlab.filters.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Verdict;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text filters on 17,597 real Europarl documents (21 languages, one line each, paragraphs
 * separated by runs of spaces): with the published defaults almost nothing survives C4 and FineWeb;
 * with the settings recommended for the quickstart a realistic share does. The measured shares are
 * printed for the record (target/surefire-reports/*-output.txt).
 */
class EuroparlTextFiltersTest {

    /** The quickstart's text filter settings for Europarl-like prose without metadata.lang. */
    static final Map<String, Map<String, Object>> QUICKSTART = new LinkedHashMap<>();

    static {
        QUICKSTART.put(
                "gopher_quality",
                Map.of(
                        "fallback_language",
                        "auto",
                        "line_break_space_run",
                        3,
                        "min_lines_for_line_rules",
                        2));
        QUICKSTART.put("gopher_repetition", Map.of("line_break_space_run", 3));
        QUICKSTART.put(
                "c4",
                Map.of(
                        "line_break_space_run",
                        3,
                        "min_lines_for_line_rules",
                        2,
                        "min_sentences",
                        3));
        QUICKSTART.put("fineweb", Map.of("line_break_space_run", 3, "min_lines_for_line_rules", 2));
    }

    private static Map<String, Double> keptWithDefaults;
    private static Map<String, Double> keptWithQuickstart;

    @BeforeAll
    static void runFilters() {
        keptWithDefaults =
                shares(
                        "standard defaults",
                        QUICKSTART.keySet().stream()
                                .collect(
                                        LinkedHashMap::new,
                                        (map, name) -> map.put(name, Map.of()),
                                        Map::putAll));
        keptWithQuickstart = shares("quickstart settings", QUICKSTART);
    }

    @Test
    void standardDefaultsDropNearlyAllOfEuroparl() {
        assertThat(keptWithDefaults.get("c4")).isLessThan(0.05);
        assertThat(keptWithDefaults.get("fineweb")).isLessThan(0.05);
        assertThat(keptWithDefaults.get("gopher_quality"))
                .as("English stop words on 21 languages")
                .isLessThan(0.75);
        assertThat(keptWithDefaults.get("all four")).isLessThan(0.02);
    }

    @Test
    void quickstartSettingsKeepARealisticShare() {
        assertThat(keptWithQuickstart.get("gopher_quality")).isGreaterThan(0.97);
        assertThat(keptWithQuickstart.get("gopher_repetition")).isGreaterThan(0.97);
        assertThat(keptWithQuickstart.get("c4")).isBetween(0.80, 0.95);
        assertThat(keptWithQuickstart.get("fineweb")).isGreaterThan(0.98);
        assertThat(keptWithQuickstart.get("all four")).isBetween(0.75, 0.95);
    }

    @Test
    void greekAndBulgarianPassTheStopWordRuleInTheirOwnLanguage() {
        DocumentFilter filter =
                (DocumentFilter) FilterCatalog.create("gopher_quality", Map.of("min_words", 0));
        Map<String, Character.UnicodeBlock> scripts =
                Map.of("el", Character.UnicodeBlock.GREEK, "bg", Character.UnicodeBlock.CYRILLIC);
        for (String language : List.of("el", "bg")) {
            List<Document> inScript =
                    Europarl.documents().stream()
                            .filter(doc -> scriptShare(doc.text(), scripts.get(language)) > 0.5)
                            .toList();
            assertThat(inScript).hasSizeGreaterThan(200);
            double keptAsEnglish = keptShare(filter, inScript);
            double keptInOwnLanguage =
                    keptShare(
                            filter,
                            inScript.stream()
                                    .map(doc -> doc.withMetadata(Document.LANG, language))
                                    .toList());
            assertThat(keptAsEnglish)
                    .as(language + " judged by English stop words")
                    .isLessThan(0.05);
            assertThat(keptInOwnLanguage)
                    .as(language + " judged by its own stop words")
                    .isGreaterThan(0.95);
        }
    }

    /** Share of documents each filter keeps, and all of them in sequence, printed as a table. */
    private static Map<String, Double> shares(
            String label, Map<String, Map<String, Object>> settings) {
        List<Document> docs = Europarl.documents();
        Map<String, Double> shares = new LinkedHashMap<>();
        boolean[] keptByAll = new boolean[docs.size()];
        Arrays.fill(keptByAll, true);
        StringBuilder table =
                new StringBuilder(
                        "\nEuroparl, "
                                + docs.size()
                                + " documents, "
                                + label
                                + "\n"
                                + "| filter | settings | kept | dropped by reason |\n|---|---|---|---|\n");
        settings.forEach(
                (name, parameters) -> {
                    DocumentFilter filter = (DocumentFilter) FilterCatalog.create(name, parameters);
                    Map<String, Integer> reasons = new TreeMap<>();
                    int kept = 0;
                    for (int i = 0; i < docs.size(); i++) {
                        Verdict verdict = filter.apply(docs.get(i));
                        if (verdict instanceof Verdict.Drop drop) {
                            reasons.merge(drop.reason(), 1, Integer::sum);
                            keptByAll[i] = false;
                        } else {
                            kept++;
                        }
                    }
                    shares.put(name, (double) kept / docs.size());
                    table.append(
                            String.format(
                                    "| %s | %s | %.1f%% | %s |%n",
                                    name,
                                    new TreeMap<>(parameters),
                                    100.0 * kept / docs.size(),
                                    reasons));
                });
        long keptByAllCount = IntStream.range(0, docs.size()).filter(i -> keptByAll[i]).count();
        shares.put("all four", (double) keptByAllCount / docs.size());
        table.append(
                String.format(
                        "| all four | | %.1f%% (%d) | |%n",
                        100.0 * keptByAllCount / docs.size(), keptByAllCount));
        System.out.println(table);
        return shares;
    }

    private static double keptShare(DocumentFilter filter, List<Document> docs) {
        return docs.stream().filter(doc -> filter.apply(doc).kept()).count() / (double) docs.size();
    }

    private static double scriptShare(String text, Character.UnicodeBlock block) {
        long letters = text.chars().filter(Character::isLetter).count();
        long inBlock = text.chars().filter(c -> Character.UnicodeBlock.of(c) == block).count();
        return letters == 0 ? 0 : (double) inBlock / letters;
    }
}
