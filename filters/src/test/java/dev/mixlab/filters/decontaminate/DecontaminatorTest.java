package dev.mixlab.filters.decontaminate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark items planted in real Europarl documents: what is dropped, redacted or kept. The items
 * are the opening words of other Europarl speeches, as a benchmark built from web text would be.
 */
class DecontaminatorTest {
    private static final int N = 13;

    /** Host documents: long speeches (at least 1,500 characters). */
    private static List<Document> hosts() {
        return Europarl.documents().stream().filter(d -> d.text().length() >= 1500).toList();
    }

    /** The document's words that start and end with a letter (no punctuation at the edges). */
    private static String[] words(Document doc) {
        return Arrays.stream(doc.text().trim().split("\\s+"))
                .filter(w -> w.matches("\\p{L}(.*\\p{L})?"))
                .toArray(String[]::new);
    }

    private static String join(String[] words, int from, int to) {
        return String.join(" ", Arrays.copyOfRange(words, from, to));
    }

    /** {@code inserted} placed at a word boundary in the middle of {@code host}. */
    private static String plant(Document host, String inserted) {
        String text = host.text();
        int middle = text.indexOf(' ', text.length() / 2);
        return text.substring(0, middle) + " " + inserted + " " + text.substring(middle + 1);
    }

    private static Decontaminator decontaminator(Decontaminator.Mode mode, String... items) {
        List<EvalItem> evalItems =
                java.util.stream.IntStream.range(0, items.length)
                        .mapToObj(i -> new EvalItem("bench", "" + i, i, items[i], "test:" + i))
                        .toList();
        EvalNgrams ngrams = EvalNgrams.of(evalItems, NgramUnit.WORDS, N);
        return new Decontaminator(
                NgramUnit.WORDS,
                N,
                mode,
                Janitor.GPT3,
                Map.of("bench", NgramMembership.of(ngrams.allNgrams(), Long.MAX_VALUE, 0.001)));
    }

    @Test
    void plantedItemsAreDroppedOrKeptAsTheirSharedNgramsSay() {
        List<Document> hosts = hosts();
        String[] item = words(hosts.get(0));
        String itemText = join(item, 0, 30);
        Decontaminator d = decontaminator(Decontaminator.Mode.DROP, itemText);
        Document host = hosts.get(1);

        // Unplanted real documents are kept (no 13-gram of the item occurs in them).
        for (Document other : hosts.subList(1, 200))
            assertThat(d.check(other.text()).touched()).as(other.id()).isFalse();

        Decontaminator.Outcome exact = d.check(plant(host, itemText));
        assertThat(exact.dropped()).isTrue();
        assertThat(exact.reason()).isEqualTo("decontaminate.bench");
        assertThat(exact.perSet().get("bench").spans()).isEqualTo(30 - N + 1);

        assertThat(d.check(plant(host, itemText.toUpperCase(java.util.Locale.ROOT))).dropped())
                .as("case variant")
                .isTrue();
        assertThat(d.check(plant(host, String.join("\n \t ", Arrays.copyOf(item, 30)))).dropped())
                .as("whitespace variant")
                .isTrue();
        String punctuated = String.join(", ", Arrays.copyOf(item, 30)).replace("s", "s;") + " «!»";
        assertThat(d.check(plant(host, "— " + punctuated)).dropped())
                .as("punctuation variant")
                .isTrue();

        Decontaminator.Outcome one = d.check(plant(host, join(item, 5, 5 + N)));
        assertThat(one.dropped()).as("one shared 13-gram").isTrue();
        assertThat(one.perSet().get("bench").spans()).isEqualTo(1);

        String twelves = join(item, 0, 12) + " and furthermore " + join(item, 13, 25);
        assertThat(d.check(plant(host, twelves)).touched()).as("only 12-grams").isFalse();
    }

    @Test
    void anItemSplitAcrossADocumentBoundaryIsFoundInNeither() {
        List<Document> hosts = hosts();
        String[] item = words(hosts.get(0));
        Decontaminator d = decontaminator(Decontaminator.Mode.DROP, join(item, 0, 24));
        String first = hosts.get(2).text() + " " + join(item, 0, 12);
        String second = join(item, 12, 24) + " " + hosts.get(3).text();
        assertThat(d.check(first).touched()).isFalse();
        assertThat(d.check(second).touched()).isFalse();
        // Had the boundary not been there, the document would have gone.
        assertThat(d.check(first + " " + second).dropped()).isTrue();
    }

    @Test
    void redactModeRemovesTheCopyWithTwoHundredCharactersEachSide() {
        String host = hosts().get(1).text();
        String itemText = join(words(hosts().get(0)), 0, 30);
        Decontaminator d = decontaminator(Decontaminator.Mode.REDACT, itemText);
        int middle = host.indexOf(' ', host.length() / 2);
        String planted =
                host.substring(0, middle) + " " + itemText + " " + host.substring(middle + 1);

        Decontaminator.Outcome outcome = d.check(planted);
        assertThat(outcome.dropped()).isFalse();
        assertThat(outcome.reason()).isNull();
        // The item occupies [middle + 1, middle + 1 + length); 200 characters go on each side.
        int start = middle + 1;
        int end = start + itemText.length();
        String expected = planted.substring(0, start - 200) + "\n" + planted.substring(end + 200);
        assertThat(outcome.text()).isEqualTo(expected);
        assertThat(outcome.perSet().get("bench").removedChars()).isEqualTo(itemText.length() + 400);
        assertThat(d.check(outcome.text()).touched()).isFalse();
    }

    @Test
    void ngramsFrequentInThePoolAreIgnoredWhileAnItemIsStillFound() {
        List<Document> hosts = hosts();
        String item = join(words(hosts.get(0)), 0, 30);
        String boilerplate = join(words(hosts.get(1)), 0, 20);
        Decontaminator decontaminator = decontaminator(Decontaminator.Mode.DROP, item, boilerplate);
        String withBoilerplate = plant(hosts.get(2), boilerplate + " and " + boilerplate);

        // Each of the boilerplate's 8 13-grams once, sorted, however often the document repeats it.
        long[] matched = decontaminator.matchedNgrams(withBoilerplate);
        assertThat(matched).hasSize(20 - N + 1).isSorted();
        Map<Long, Long> documents = new java.util.HashMap<>();
        for (long ngram : matched) documents.put(ngram, 11L);
        FrequentNgrams frequent = FrequentNgrams.above(documents, 10);
        assertThat(frequent.size()).isEqualTo(8);
        assertThat(FrequentNgrams.above(documents, 11).size()).isZero();

        assertThat(decontaminator.check(withBoilerplate).dropped()).isTrue();
        Decontaminator.Outcome ignored = decontaminator.check(withBoilerplate, frequent);
        assertThat(ignored.dropped()).isFalse();
        assertThat(ignored.touched()).isFalse();

        Decontaminator.Outcome leaked =
                decontaminator.check(plant(hosts.get(3), boilerplate + " " + item), frequent);
        assertThat(leaked.reason()).isEqualTo("decontaminate.bench");
        assertThat(leaked.perSet().get("bench").ngrams()).hasSize(30 - N + 1);
    }
}
