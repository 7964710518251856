package dev.mixlab.pipelines.curate;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Several collections with the same integer keys as one, each value wrapped in the union tag of its
 * input (its position among {@code inputs}), for a single {@code GroupByKey} that reads a key's
 * values once, all kinds mixed. A {@code CoGroupByKey} would make Flink iterate a group once per
 * tag, which its grouped values do not allow when a group is large.
 */
final class UnionByKey {
    private UnionByKey() {}

    /**
     * @param union the coders of the inputs' values, in the order of {@code inputs}
     */
    @SafeVarargs
    static PCollection<KV<Integer, RawUnionValue>> of(
            String name, UnionCoder union, PCollection<? extends KV<Integer, ?>>... inputs) {
        KvCoder<Integer, RawUnionValue> coder = KvCoder.of(VarIntCoder.of(), union);
        PCollectionList<KV<Integer, RawUnionValue>> tagged =
                PCollectionList.empty(inputs[0].getPipeline());
        for (int tag = 0; tag < inputs.length; tag++) {
            @SuppressWarnings("unchecked")
            PCollection<KV<Integer, Object>> input = (PCollection<KV<Integer, Object>>) inputs[tag];
            tagged =
                    tagged.and(
                            input.apply(name + "/Tag" + tag, ParDo.of(new TagFn(tag)))
                                    .setCoder(coder));
        }
        return tagged.apply(name + "/Flatten", Flatten.pCollections()).setCoder(coder);
    }

    /** Wraps a value in its union tag, keeping its key. */
    private static final class TagFn extends DoFn<KV<Integer, Object>, KV<Integer, RawUnionValue>> {
        private final int tag;

        TagFn(int tag) {
            this.tag = tag;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            c.output(KV.of(c.element().getKey(), new RawUnionValue(tag, c.element().getValue())));
        }
    }
}
