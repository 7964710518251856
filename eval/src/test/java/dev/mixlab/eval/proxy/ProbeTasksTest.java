package dev.mixlab.eval.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.pipelines.curate.CurationFixtures;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probe questions from real Europarl speeches: the gold answer is the document's true next
 * sentence.
 */
class ProbeTasksTest {
    @Test
    void goldIsTheTrueNextSentenceAndDistractorsComeFromOtherDocuments() throws Exception {
        List<String> texts = CurationFixtures.europarl(300);
        List<PoolRecord> docs = new ArrayList<>();
        try (Tokenizer bytes = TokenizerFactory.encoding("bytes").open()) {
            for (int i = 0; i < texts.size(); i++) {
                int[] ids = bytes.encode(texts.get(i));
                docs.add(
                        new PoolRecord(
                                "t/" + i,
                                "text",
                                "text",
                                null,
                                ids.length,
                                ids.length,
                                ids,
                                PoolRecord.Split.VALIDATION));
            }
            List<MultipleChoice.Question> questions =
                    ProbeTasks.generate(docs, bytes, "text", 100, 7, 256);
            assertThat(questions).hasSize(100);
            assertThat(ProbeTasks.generate(docs, bytes, "text", 100, 7, 256))
                    .as("deterministic for a seed")
                    .isEqualTo(questions);
            int[] goldPositions = new int[ProbeTasks.CHOICES];
            for (MultipleChoice.Question q : questions) {
                String gold = q.choices().get(q.gold());
                assertThat(texts)
                        .as("context + gold is the start of a real document")
                        .anyMatch(t -> t.startsWith(q.context() + gold));
                assertThat(q.choices())
                        .doesNotHaveDuplicates()
                        .allMatch(c -> bytes.encode(c).length <= 256);
                goldPositions[q.gold()]++;
            }
            assertThat(java.util.Arrays.stream(goldPositions).min().orElse(0))
                    .as("gold position spread over the four slots")
                    .isGreaterThanOrEqualTo(10);
        }
    }
}
