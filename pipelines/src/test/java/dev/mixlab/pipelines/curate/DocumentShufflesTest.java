package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.mixtures.pool.PoolFingerprint;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.read.CorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableLikeCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often whole documents cross a shuffle, read off the expanded curation graph: every {@code
 * GroupByKey} whose elements carry a {@link DocumentCoder} is one. A text source (filters, near
 * dedup) and a code source (code filters, near dedup, PII redaction after it) each shuffle
 * documents once, by pool part to drop near duplicates and write. Exact dedup shuffles text hashes
 * with document keys and reads the kept documents again; near dedup shuffles only keys, packed in
 * {@link BucketBlock}s; tokenized records are never a collection of their own (they are written
 * where they are made).
 */
class DocumentShufflesTest {
    @TempDir Path dir;

    @Test
    void documentsCrossOneShufflePerSource() throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(
                dir.resolve("corpus/text.jsonl"), CurationFixtures.jsonl("t1", "Some text."));
        Files.writeString(
                dir.resolve("corpus/code.jsonl"),
                CurationFixtures.jsonl("Main.java", "class A {}"));
        Path specFile = dir.resolve("shuffles.yaml");
        Files.writeString(
                specFile,
                """
                tokenizer: bytes
                sources:
                  - name: text
                    kind: text
                    inputs: corpus/text.jsonl
                    filters:
                      c4: {min_sentences: 1}
                  - name: code
                    kind: code
                    inputs: corpus/code.jsonl
                """);
        AblationSpec spec = SpecLoader.load(specFile);
        Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
        for (SourceSpec source : spec.sources()) {
            CurationPlan plan = CurationPlan.of(spec, source, CurationFixtures.LIMITS);
            assertThat(plan.nearDedup()).isNotNull();
            pipeline.apply(
                    "Curate-" + source.name(),
                    new CurateSource(
                            plan,
                            CorpusReader.plan(source, CurationFixtures.LIMITS),
                            Map.of(),
                            PoolFingerprint.of(spec, source, CurationFixtures.LIMITS.toString())
                                    .inputs(),
                            dir.resolve("pool-" + source.name()).toString(),
                            2,
                            null));
        }
        assertThat(
                        CurationPlan.of(spec, spec.sources().get(1), CurationFixtures.LIMITS)
                                .afterDedup())
                .isNotEmpty();

        List<String> documentShuffles = new ArrayList<>();
        List<String> allShuffles = new ArrayList<>();
        List<String> packedBucketShuffles = new ArrayList<>();
        List<String> recordCollections = new ArrayList<>();
        pipeline.traverseTopologically(
                new Pipeline.PipelineVisitor.Defaults() {
                    @Override
                    public void visitValue(PValue value, TransformHierarchy.Node producer) {
                        if (value instanceof PCollection<?> collection
                                && collection.getTypeDescriptor() != null
                                && collection.getTypeDescriptor().getRawType() == PoolRecord.class)
                            recordCollections.add(collection.getName());
                    }

                    @Override
                    public void visitPrimitiveTransform(TransformHierarchy.Node node) {
                        if (!(node.getTransform() instanceof GroupByKey)) return;
                        allShuffles.add(node.getFullName());
                        PCollection<?> input =
                                (PCollection<?>) node.getInputs().values().iterator().next();
                        if (carriesDocuments(input.getCoder()))
                            documentShuffles.add(node.getFullName());
                        if (input.getCoder() instanceof KvCoder<?, ?> kv
                                && kv.getValueCoder() instanceof BucketBlock.Coder)
                            packedBucketShuffles.add(node.getFullName());
                    }
                });

        assertThat(documentShuffles)
                .containsExactlyInAnyOrder(
                        "Curate-text/WriteParts/GroupByPart", "Curate-code/WriteParts/GroupByPart");
        // Exact dedup shuffles text hashes with keys, then the dropped keys with their read task.
        assertThat(allShuffles)
                .contains(
                        "Curate-text/DropExactDuplicates/GroupByText/GBK",
                        "Curate-text/DropExactDuplicates/GroupByTask",
                        "Curate-code/DropExactDuplicates/GroupByText/GBK",
                        "Curate-code/DropExactDuplicates/GroupByTask");
        assertThat(recordCollections).isEmpty();
        // Near dedup still shuffles, but document keys only, packed many to a record.
        assertThat(packedBucketShuffles)
                .containsExactlyInAnyOrder(
                        "Curate-text/MarkNearDuplicates/GroupByShard",
                        "Curate-code/MarkNearDuplicates/GroupByShard");
    }

    private static boolean carriesDocuments(Coder<?> coder) {
        if (coder instanceof DocumentCoder) return true;
        if (coder instanceof KvCoder<?, ?> kv)
            return carriesDocuments(kv.getKeyCoder()) || carriesDocuments(kv.getValueCoder());
        if (coder instanceof UnionCoder union)
            return union.getElementCoders().stream()
                    .anyMatch(DocumentShufflesTest::carriesDocuments);
        if (coder instanceof IterableLikeCoder<?, ?> iterable)
            return carriesDocuments(iterable.getElemCoder());
        return false;
    }
}
