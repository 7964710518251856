package dev.mixlab.pipelines.curate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.filters.Hash64;
import dev.mixlab.io.Publish;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.parquet.ParquetRowWriter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.pipelines.read.Quarantined;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a pool's three outputs into its (temporary) directory, deterministically on any runner:
 *
 * <ul>
 *   <li>{@code part-NNNNN.parquet}: documents spread over a fixed number of parts per split by a
 *       hash of the id and sorted within a part (by id, then content), so the bytes do not depend
 *       on arrival order;
 *   <li>{@code quarantine.jsonl}: quarantined records sorted by location;
 *   <li>{@code ledger.json}: every count, summed per key and sorted.
 * </ul>
 *
 * A part is sorted in one worker's memory, so the number of parts is chosen to keep each part
 * around {@link #TARGET_PART_BYTES} of input text.
 */
final class WritePool {
    static final long TARGET_PART_BYTES = 128L << 20;
    static final String QUARANTINE_FILE = "quarantine.jsonl";
    static final String LEDGER_FILE = "ledger.json";
    private static final Comparator<PoolRecord> ORDER =
            Comparator.comparing(PoolRecord::id)
                    .thenComparing(PoolRecord::split)
                    .thenComparing((a, b) -> Arrays.compare(a.inputIds(), b.inputIds()));

    private WritePool() {}

    /**
     * The part (of {@code parts} per split) that holds a document with this id: its split's part is
     * this, plus {@code parts} for validation (see {@link #fileIndex}).
     */
    static int partOf(String id, int parts) {
        return Math.floorMod(Hash64.of(id), parts);
    }

    /**
     * The index of the file of {@code part}'s {@code split}: train and validation documents go to
     * separate parts (validation after train) so a reader of one split skips the other's files.
     */
    static int fileIndex(int part, PoolRecord.Split split, int parts) {
        return part + (split == PoolRecord.Split.VALIDATION ? parts : 0);
    }

    /** Writes {@code rows}, sorted, as the part file of index {@code fileIndex}. */
    static void writePart(String poolDir, int fileIndex, List<PoolRecord> rows) {
        rows.sort(ORDER);
        Publish.file(
                StoragePaths.of(poolDir).resolve(PoolWriter.partFileName(fileIndex)),
                file -> {
                    try (ParquetRowWriter<PoolRecord> writer =
                            ParquetRowWriter.open(
                                    file, PoolRecord.FORMAT, ParquetWriteOptions.DEFAULTS)) {
                        for (PoolRecord row : rows) writer.write(row);
                    }
                });
    }

    static void quarantine(PCollection<Quarantined> records, String poolDir) {
        records.apply("OneQuarantineFile", WithKeys.<Integer, Quarantined>of(0))
                .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(Quarantined.class)))
                .apply("GroupQuarantine", GroupByKey.create())
                .apply("WriteQuarantine", ParDo.of(new WriteQuarantineFn(poolDir)));
    }

    static void ledger(PCollection<KV<String, Long>> counts, String poolDir) {
        counts.setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
                .apply("SumCounts", Sum.longsPerKey())
                .apply("OneLedger", WithKeys.<Integer, KV<String, Long>>of(0))
                .setCoder(
                        KvCoder.of(
                                VarIntCoder.of(),
                                KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
                .apply("GroupLedger", GroupByKey.create())
                .apply("WriteLedger", ParDo.of(new WriteLedgerFn(poolDir)));
    }

    private static final class WriteQuarantineFn
            extends DoFn<KV<Integer, Iterable<Quarantined>>, Void> {
        private final String poolDir;

        WriteQuarantineFn(String poolDir) {
            this.poolDir = poolDir;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            List<Quarantined> rows = new ArrayList<>();
            c.element().getValue().forEach(rows::add);
            rows.sort(
                    Comparator.comparing(Quarantined::location)
                            .thenComparing(Quarantined::reason)
                            .thenComparing(Quarantined::detail));
            ObjectMapper json = new ObjectMapper();
            Publish.file(
                    StoragePaths.of(poolDir).resolve(QUARANTINE_FILE),
                    file -> {
                        try (BufferedWriter out =
                                Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                            for (Quarantined q : rows) {
                                ObjectNode line = json.createObjectNode();
                                line.put("source", q.source());
                                line.put("location", q.location());
                                line.put("reason", q.reason());
                                line.put("detail", q.detail());
                                out.write(json.writeValueAsString(line));
                                out.write('\n');
                            }
                        }
                    });
        }
    }

    private static final class WriteLedgerFn
            extends DoFn<KV<Integer, Iterable<KV<String, Long>>>, Void> {
        private final String poolDir;

        WriteLedgerFn(String poolDir) {
            this.poolDir = poolDir;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            Map<String, Long> sorted = new TreeMap<>();
            c.element()
                    .getValue()
                    .forEach(kv -> sorted.merge(kv.getKey(), kv.getValue(), Long::sum));
            Publish.file(
                    StoragePaths.of(poolDir).resolve(LEDGER_FILE),
                    file ->
                            new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValue(Files.newOutputStream(file), sorted));
        }
    }
}
