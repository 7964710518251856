package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.decontaminate.Decontaminator;
import dev.mixlab.io.Publish;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Benchmark decontamination: every document is checked against the evaluation sets' n-grams (a side
 * input of 64-bit hashes, held once per worker) and dropped as {@code decontaminate.<set>},
 * redacted, or passed on. The n-grams each touched document shared with a set are written to {@link
 * #OVERLAPS_FILE} in the pool's staging directory, from which curation builds the reverse index
 * ({@code contamination.jsonl}) once the job is done.
 */
final class Decontaminate extends PTransform<PCollection<Document>, PCollectionTuple> {
    static final String OVERLAPS_FILE = "overlaps.jsonl";
    // Static: an anonymous tag made inside expand() would capture this transform.
    private static final TupleTag<String> OVERLAPS = new TupleTag<>() {};

    private final Decontaminator decontaminator;
    private final String poolDir;

    Decontaminate(Decontaminator decontaminator, String poolDir) {
        this.decontaminator = decontaminator;
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
        PCollectionTuple outputs =
                docs.apply(
                        "CheckOverlap",
                        ParDo.of(new DecontaminateFn(evalNgrams))
                                .withSideInputs(evalNgrams)
                                .withOutputTags(
                                        CurationTags.DOCUMENTS,
                                        TupleTagList.of(CurationTags.LEDGER)
                                                .and(CurationTags.QUARANTINE)
                                                .and(OVERLAPS)));
        outputs.get(OVERLAPS)
                .setCoder(StringUtf8Coder.of())
                .apply("OneOverlapFile", WithKeys.<Integer, String>of(0))
                .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
                .apply("GroupOverlaps", GroupByKey.create())
                .apply("WriteOverlaps", ParDo.of(new WriteOverlapsFn(poolDir)));
        return outputs;
    }

    private static final class DecontaminateFn extends StageFn<Document> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final PCollectionView<Decontaminator> evalNgrams;

        DecontaminateFn(PCollectionView<Decontaminator> evalNgrams) {
            super(Ledger.Stage.DECONTAMINATE);
            this.evalNgrams = evalNgrams;
        }

        @Override
        public void process(ProcessContext c) throws Exception {
            Document doc = c.element();
            countIn(doc);
            Decontaminator.Outcome outcome = c.sideInput(evalNgrams).check(doc.text());
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

    private static final class WriteOverlapsFn extends DoFn<KV<Integer, Iterable<String>>, Void> {
        private final String poolDir;

        WriteOverlapsFn(String poolDir) {
            this.poolDir = poolDir;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            List<String> lines = new ArrayList<>();
            c.element().getValue().forEach(lines::add);
            lines.sort(null);
            Publish.file(
                    Path.of(poolDir, OVERLAPS_FILE),
                    file -> {
                        try (BufferedWriter out =
                                Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                            for (String line : lines) {
                                out.write(line);
                                out.write('\n');
                            }
                        }
                    });
        }
    }
}
