package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.filters.decontaminate.FrequentNgrams;
import dev.mixlab.io.Publish;
import dev.mixlab.io.StoragePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Benchmark decontamination: every document is scanned for the evaluation sets' n-grams (a side
 * input of 64-bit hashes, held once per worker). A document with none passes on; the others are
 * checked again once the evaluation n-grams that more than {@code max_document_frequency} documents
 * contain are known ({@link FindFrequentNgrams}: boilerplate, ignored by the check and listed in
 * {@link #FREQUENT_FILE}), and dropped as {@code decontaminate.<set>}, redacted, or passed on. Only
 * the documents that share an n-gram with a set are tokenized twice. The n-grams each touched
 * document shared with a set are written to {@link #OVERLAPS_FILE} in the pool's staging directory,
 * from which curation builds the reverse index ({@code contamination.jsonl}) once the job is done.
 */
final class Decontaminate extends PTransform<PCollection<Document>, PCollectionTuple> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OVERLAPS_FILE = "overlaps.jsonl";
    static final String FREQUENT_FILE = "frequent-ngrams.jsonl";
    // Static: an anonymous tag made inside expand() would capture this transform.
    private static final TupleTag<String> OVERLAPS = new TupleTag<>() {};
    private static final TupleTag<Document> TOUCHED = new TupleTag<>() {};
    private static final TupleTag<Long> MATCHED = new TupleTag<>() {};

    private final Decontaminator decontaminator;
    private final long maxDocumentFrequency;
    private final String poolDir;

    /** {@code maxDocumentFrequency}: 0 counts nothing and ignores no n-gram. */
    Decontaminate(Decontaminator decontaminator, long maxDocumentFrequency, String poolDir) {
        this.decontaminator = decontaminator;
        this.maxDocumentFrequency = maxDocumentFrequency;
        this.poolDir = poolDir;
    }

    @Override
    public PCollectionTuple expand(PCollection<Document> docs) {
        PCollectionView<Decontaminator> evalNgrams =
                docs.getPipeline()
                        .apply(
                                "EvalNgrams",
                                Create.of(decontaminator)
                                        .withCoder(SerializableCoder.of(Decontaminator.class)))
                        .apply("AsSideInput", View.asSingleton());
        PCollectionTuple scanned =
                docs.apply(
                        "FindOverlapping",
                        ParDo.of(new ScanFn(evalNgrams))
                                .withSideInputs(evalNgrams)
                                .withOutputTags(
                                        CurationTags.DOCUMENTS,
                                        TupleTagList.of(CurationTags.LEDGER)
                                                .and(TOUCHED)
                                                .and(MATCHED)));
        PCollection<Long> matched = scanned.get(MATCHED).setCoder(VarLongCoder.of());
        PCollection<FrequentNgrams> frequent =
                maxDocumentFrequency == 0
                        ? docs.getPipeline()
                                .apply(
                                        "NoCutoff",
                                        Create.of(FrequentNgrams.NONE)
                                                .withCoder(
                                                        SerializableCoder.of(FrequentNgrams.class)))
                        : matched.apply(
                                "FindFrequentNgrams", new FindFrequentNgrams(maxDocumentFrequency));
        writeSorted(
                frequent.apply(
                        "FrequentLines",
                        FlatMapElements.into(TypeDescriptors.strings())
                                .via((FrequentNgrams f) -> frequentLines(f))),
                "Frequent",
                FREQUENT_FILE);
        PCollectionView<FrequentNgrams> frequentNgrams =
                frequent.apply("FrequentAsSideInput", View.asSingleton());
        PCollectionTuple outputs =
                scanned.get(TOUCHED)
                        .setCoder(DocumentCoder.INSTANCE)
                        .apply(
                                "CheckOverlap",
                                ParDo.of(new DecontaminateFn(evalNgrams, frequentNgrams))
                                        .withSideInputs(evalNgrams, frequentNgrams)
                                        .withOutputTags(
                                                CurationTags.DOCUMENTS,
                                                TupleTagList.of(CurationTags.LEDGER)
                                                        .and(CurationTags.QUARANTINE)
                                                        .and(OVERLAPS)));
        writeSorted(outputs.get(OVERLAPS), "Overlaps", OVERLAPS_FILE);
        PCollection<Document> kept =
                PCollectionList.of(scanned.get(CurationTags.DOCUMENTS))
                        .and(outputs.get(CurationTags.DOCUMENTS))
                        .apply("AllKept", Flatten.pCollections())
                        .setCoder(DocumentCoder.INSTANCE);
        PCollection<KV<String, Long>> ledger =
                PCollectionList.of(scanned.get(CurationTags.LEDGER))
                        .and(outputs.get(CurationTags.LEDGER))
                        .apply("AllCounts", Flatten.pCollections())
                        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
        return PCollectionTuple.of(CurationTags.DOCUMENTS, kept)
                .and(CurationTags.LEDGER, ledger)
                .and(CurationTags.QUARANTINE, outputs.get(CurationTags.QUARANTINE));
    }

    /**
     * Counts every document in and passes on those without an evaluation n-gram; the others go to
     * the check, and their distinct matched n-grams to the count of documents per n-gram.
     */
    private static final class ScanFn extends StageFn<Document> {
        private final PCollectionView<Decontaminator> evalNgrams;

        ScanFn(PCollectionView<Decontaminator> evalNgrams) {
            super(Ledger.Stage.DECONTAMINATE);
            this.evalNgrams = evalNgrams;
        }

        @Override
        public void process(ProcessContext c) throws Exception {
            Document doc = c.element();
            countIn(doc);
            long[] matched = c.sideInput(evalNgrams).matchedNgrams(doc.text());
            if (matched.length == 0) {
                keep(c, doc);
                return;
            }
            for (long ngram : matched) c.output(MATCHED, ngram);
            c.output(TOUCHED, doc);
        }
    }

    private static final class DecontaminateFn extends StageFn<Document> {
        private final PCollectionView<Decontaminator> evalNgrams;
        private final PCollectionView<FrequentNgrams> frequentNgrams;

        DecontaminateFn(
                PCollectionView<Decontaminator> evalNgrams,
                PCollectionView<FrequentNgrams> frequentNgrams) {
            super(Ledger.Stage.DECONTAMINATE);
            this.evalNgrams = evalNgrams;
            this.frequentNgrams = frequentNgrams;
        }

        @Override
        public void process(ProcessContext c) throws Exception {
            // Counted in by ScanFn.
            Document doc = c.element();
            Decontaminator.Outcome outcome =
                    c.sideInput(evalNgrams).check(doc.text(), c.sideInput(frequentNgrams));
            if (outcome.touched()) {
                String key = DocKeys.of(doc);
                for (Map.Entry<String, Decontaminator.SetOverlap> set :
                        outcome.perSet().entrySet()) {
                    String counter = Decontaminator.REASON_PREFIX + set.getKey();
                    Decontaminator.SetOverlap overlap = set.getValue();
                    count(Ledger.counter(counter + ".docs"), 1);
                    count(Ledger.counter(counter + ".spans"), overlap.spans());
                    count(Ledger.counter(counter + ".chars"), overlap.removedChars());
                    for (long ngram : overlap.ngrams()) {
                        ObjectNode line = JSON.createObjectNode();
                        line.put("set", set.getKey());
                        line.put("ngram", ngram);
                        line.put("doc", key);
                        c.output(OVERLAPS, JSON.writeValueAsString(line));
                    }
                }
            }
            if (outcome.dropped()) drop(doc, outcome.reason());
            else keep(c, outcome.text().equals(doc.text()) ? doc : doc.withText(outcome.text()));
        }
    }

    /**
     * {@code lines} into {@code fileName} of the pool's staging directory, sorted; none: no file.
     */
    private void writeSorted(PCollection<String> lines, String name, String fileName) {
        lines.setCoder(StringUtf8Coder.of())
                .apply("OneFile" + name, WithKeys.<Integer, String>of(0))
                .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
                .apply("Group" + name, GroupByKey.create())
                .apply("Write" + name, ParDo.of(new WriteSortedLinesFn(poolDir, fileName)));
    }

    /** The frequent n-grams with their document counts, one JSON line each. */
    private static List<String> frequentLines(FrequentNgrams frequent) {
        List<String> lines = new ArrayList<>();
        frequent.asMap()
                .forEach(
                        (ngram, docs) -> {
                            ObjectNode line = JSON.createObjectNode();
                            line.put("ngram", ngram);
                            line.put("docs", docs);
                            lines.add(line.toString());
                        });
        return lines;
    }

    private static final class WriteSortedLinesFn
            extends DoFn<KV<Integer, Iterable<String>>, Void> {
        // Strings: Path is not serializable, and poolDir may be an s3:// URI.
        private final String poolDir;
        private final String fileName;

        WriteSortedLinesFn(String poolDir, String fileName) {
            this.poolDir = poolDir;
            this.fileName = fileName;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            List<String> lines = new ArrayList<>();
            c.element().getValue().forEach(lines::add);
            lines.sort(null);
            writeLines(StoragePaths.of(poolDir).resolve(fileName), lines);
        }
    }

    private static void writeLines(Path path, List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) text.append(line).append('\n');
        Publish.file(path, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
