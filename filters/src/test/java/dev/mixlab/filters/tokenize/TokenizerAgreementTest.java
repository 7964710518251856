package dev.mixlab.filters.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.LuceneSources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curation quality bar for tokenization: for o200k_base, jtokkit (the reference encoding) and DJL
 * reading the real GPT-4o {@code tokenizer.json} give identical ids and the same end-of-text id on every
 * document of the sample corpora, and both decode the ids back to the document's text.
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

    private static void assertAgreeOnEveryDocument(String corpus, List<Document> docs) {
        assertThat(docs).as(corpus + " documents").hasSizeGreaterThan(1000);
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        long bytes = 0;
        for (Document doc : docs) {
            String text = doc.text();
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
            int[] reference = jtokkit.encode(text);
            int[] ids = djl.encode(text);
            if (!Arrays.equals(reference, ids)) {
                problems.add(doc.id() + ": ids differ from token " + Arrays.mismatch(reference, ids)
                        + " (jtokkit " + reference.length + " tokens, DJL " + ids.length + ")");
            } else if (!text.equals(jtokkit.decode(reference))) {
                problems.add(doc.id() + ": jtokkit does not decode its ids back to the text");
            } else if (!text.equals(djl.decode(ids))) {
                problems.add(doc.id() + ": DJL does not decode its ids back to the text");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %d documents, %.1f MB, compared in %.1f s%n", corpus, docs.size(), bytes / 1e6, seconds);
        assertThat(problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
                .as("%d of %d %s documents disagree (at most %d shown)", problems.size(), docs.size(), corpus, PROBLEMS_SHOWN)
                .isEmpty();
    }
}
