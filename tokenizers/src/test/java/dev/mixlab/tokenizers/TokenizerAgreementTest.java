package dev.mixlab.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.LuceneSources;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curation quality bar for tokenization: for o200k_base, jtokkit (the reference encoding) and
 * DJL reading the real GPT-4o {@code tokenizer.json} give identical ids and the same end-of-text id
 * on every document of the sample corpora, and both decode the ids back to the document's text.
 */
class TokenizerAgreementTest {
    private static final int O200K_EOS = 199999;
    private static final int O200K_VOCAB_SIZE = 200019;
    private static final int PROBLEMS_SHOWN = 10;

    private static Tokenizer jtokkit;
    private static Tokenizer djl;

    @BeforeAll
    static void openTokenizers() {
        jtokkit = TokenizerFactory.encoding("o200k_base").open();
        djl = TokenizerFactory.huggingFace(Gpt4oTokenizerJson.path()).open();
    }

    @AfterAll
    static void closeTokenizers() {
        if (djl != null) djl.close();
    }

    @Test
    void endOfTextAndVocabularyAgree() {
        assertThat(djl.eosId()).isEqualTo(jtokkit.eosId()).isEqualTo(O200K_EOS);
        assertThat(djl.vocabSize()).isEqualTo(jtokkit.vocabSize()).isEqualTo(O200K_VOCAB_SIZE);
        assertThat(djl.fingerprint()).startsWith("tokenizer.json:sha256=");
    }

    @Test
    void everyEuroparlDocumentEncodesIdentically() {
        assertAgreeOnEveryDocument("Europarl", Europarl.documents());
    }

    @Test
    void everyLuceneCoreJavaFileEncodesIdentically() {
        assertAgreeOnEveryDocument("lucene-core sources", LuceneSources.javaFiles());
    }

    /**
     * Documents are compared in parallel: DJL runs at ~1.4 MB/s per core, and both tokenizers are
     * shared by threads in curation too.
     */
    private static void assertAgreeOnEveryDocument(String corpus, List<Document> docs) {
        assertThat(docs).as(corpus + " documents").hasSizeGreaterThan(1000);
        long started = System.nanoTime();
        List<String> problems =
                docs.parallelStream()
                        .map(TokenizerAgreementTest::disagreement)
                        .filter(Objects::nonNull)
                        .toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes =
                docs.stream()
                        .mapToLong(doc -> doc.text().getBytes(StandardCharsets.UTF_8).length)
                        .sum();
        System.out.printf(
                "%s: %d documents, %.1f MB, compared in %.1f s%n",
                corpus, docs.size(), bytes / 1e6, seconds);
        assertThat(problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
                .as(
                        "%d of %d %s documents disagree (at most %d shown)",
                        problems.size(), docs.size(), corpus, PROBLEMS_SHOWN)
                .isEmpty();
    }

    /**
     * How the two tokenizers disagree on {@code doc}, or null when they agree and both round-trip.
     */
    private static String disagreement(Document doc) {
        String text = doc.text();
        int[] reference = jtokkit.encode(text);
        int[] ids = djl.encode(text);
        if (!Arrays.equals(reference, ids)) {
            return doc.id()
                    + ": ids differ from token "
                    + Arrays.mismatch(reference, ids)
                    + " (jtokkit "
                    + reference.length
                    + " tokens, DJL "
                    + ids.length
                    + ")";
        }
        if (!text.equals(jtokkit.decode(reference)))
            return doc.id() + ": jtokkit does not decode its ids back to the text";
        if (!text.equals(djl.decode(ids)))
            return doc.id() + ": DJL does not decode its ids back to the text";
        return null;
    }
}
