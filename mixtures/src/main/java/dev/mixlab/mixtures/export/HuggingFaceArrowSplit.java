package dev.mixlab.mixtures.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mixlab.mixtures.assembly.MixtureManifest.ExportFile;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One split in the on-disk layout of a Hugging Face {@code datasets.Dataset} ({@code
 * save_to_disk}), so that {@code datasets.load_from_disk} memory-maps it as it is:
 *
 * <ul>
 *   <li>{@code data-00000-of-0000N.arrow}: Arrow IPC <em>stream</em> files, one per Parquet shard
 *       with the same rows in the same order, uncompressed, in record batches of {@value
 *       #BATCH_ROWS} rows (the batch size {@code datasets} writes);
 *   <li>{@code state.json}: the data files in order, a fingerprint, no format;
 *   <li>{@code dataset_info.json}: the features.
 * </ul>
 *
 * The schema is exactly the one {@code datasets} derives from the features ({@code input_ids:
 * list<item: int32>, source: string, doc_starts: list<item: int32>}, all nullable, with the
 * features in the {@code huggingface} schema metadata): when they differ, {@code datasets} casts
 * the whole table into memory on load instead of mapping it.
 */
final class HuggingFaceArrowSplit implements AutoCloseable {
    static final String DIRECTORY = "arrow";
    static final int BATCH_ROWS = 1000;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final String name;
    private final PoolRecord.Split split;
    private final int shardCount;
    private final String fingerprint;
    private final String description;
    private final BufferAllocator allocator;
    private final List<ExportFile> files = new ArrayList<>();
    private final List<String> dataFiles = new ArrayList<>();

    private VectorSchemaRoot root;
    private HashedFile file;
    private ArrowStreamWriter writer;
    private int batchRows;
    private long fileRows;

    /**
     * @param dir the export's staging directory (files go to {@code dir/<split>/})
     * @param shardCount the split's Parquet shards (one Arrow file each; at least one file)
     * @param fingerprint identifies the split's contents ({@code state.json}'s {@code
     *     _fingerprint})
     */
    HuggingFaceArrowSplit(
            Path dir,
            PoolRecord.Split split,
            int shardCount,
            String fingerprint,
            String description,
            BufferAllocator allocator) {
        this.dir = dir.resolve(split.label());
        this.name = DIRECTORY + "/" + split.label() + "/";
        this.split = split;
        this.shardCount = Math.max(1, shardCount);
        this.fingerprint = fingerprint;
        this.description = description;
        this.allocator = allocator;
    }

    static Schema schema() {
        return new Schema(
                List.of(
                        tokenList("input_ids"),
                        field("source", new ArrowType.Utf8()),
                        tokenList("doc_starts")),
                Map.of("huggingface", featuresMetadata()));
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    private static Field tokenList(String name) {
        return new Field(
                name,
                FieldType.nullable(new ArrowType.List()),
                List.of(field("item", new ArrowType.Int(32, true))));
    }

    /**
     * The features as {@code datasets} serialises them. {@code Sequence} (not the newer {@code
     * List}) is read by every {@code datasets} version.
     */
    static Map<String, Object> features() {
        Map<String, Object> int32 = new LinkedHashMap<>();
        int32.put("dtype", "int32");
        int32.put("_type", "Value");
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("feature", int32);
        ids.put("length", -1);
        ids.put("_type", "Sequence");
        Map<String, Object> string = new LinkedHashMap<>();
        string.put("dtype", "string");
        string.put("_type", "Value");
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("input_ids", ids);
        features.put("source", string);
        features.put("doc_starts", ids);
        return features;
    }

    private static String featuresMetadata() {
        try {
            return new ObjectMapper()
                    .writeValueAsString(Map.of("info", Map.of("features", features())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the features", e);
        }
    }

    /** The file name of data file {@code index}, as {@code save_to_disk} names it. */
    String dataFile(int index) {
        return String.format("data-%05d-of-%05d.arrow", index, shardCount);
    }

    /** Starts the Arrow file of the next Parquet shard. */
    void startShard() throws IOException {
        String fileName = dataFile(dataFiles.size());
        dataFiles.add(fileName);
        file = new HashedFile(dir.resolve(fileName), name + fileName);
        root = VectorSchemaRoot.create(schema(), allocator);
        writer = new ArrowStreamWriter(root, null, file);
        writer.start();
        fileRows = 0;
        startBatch();
    }

    private void startBatch() {
        root.allocateNew();
        batchRows = 0;
    }

    void row(MixtureRow row) throws IOException {
        putList((ListVector) root.getVector(0), row.inputIds());
        ((VarCharVector) root.getVector(1))
                .setSafe(batchRows, row.source().getBytes(StandardCharsets.UTF_8));
        putList((ListVector) root.getVector(2), row.docStarts());
        batchRows++;
        fileRows++;
        if (batchRows == BATCH_ROWS) {
            writeBatch();
            startBatch();
        }
    }

    private void putList(ListVector list, int[] values) {
        int offset = list.startNewValue(batchRows);
        IntVector data = (IntVector) list.getDataVector();
        int needed = offset + values.length;
        while (data.getValueCapacity() < needed) data.reAlloc();
        for (int i = 0; i < values.length; i++) data.set(offset + i, values[i]);
        list.endValue(batchRows, values.length);
    }

    private void writeBatch() throws IOException {
        root.setRowCount(batchRows);
        writer.writeBatch();
    }

    /** Ends the current Arrow file. */
    void endShard() throws IOException {
        if (batchRows > 0) writeBatch();
        writer.end();
        writer.close();
        root.close();
        root = null;
        writer = null;
        files.add(file.finish(fileRows, null));
        file = null;
    }

    /**
     * Writes {@code state.json} and {@code dataset_info.json}; returns every file of the split,
     * data files first.
     */
    List<ExportFile> finish() throws IOException {
        if (dataFiles.isEmpty()) { // an empty split still needs one (empty) table
            startShard();
            endShard();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_data_files", dataFiles.stream().map(f -> Map.of("filename", f)).toList());
        state.put("_fingerprint", fingerprint);
        state.put("_format_columns", null);
        state.put("_format_kwargs", Map.of());
        state.put("_format_type", null);
        state.put("_output_all_columns", false);
        state.put("_split", split.label());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("citation", "");
        info.put("description", description);
        info.put("features", features());
        info.put("homepage", "");
        info.put("license", "");
        files.add(json("state.json", state));
        files.add(json("dataset_info.json", info));
        return List.copyOf(files);
    }

    private ExportFile json(String fileName, Object value) throws IOException {
        HashedFile out = new HashedFile(dir.resolve(fileName), name + fileName);
        try (out) {
            out.write(JSON.writeValueAsBytes(value));
            out.write('\n');
        }
        return out.finish(null, null);
    }

    /** Writes {@code dataset_dict.json} (the splits) into the export's top directory. */
    static ExportFile writeDatasetDict(Path dir, List<PoolRecord.Split> splits) throws IOException {
        HashedFile out =
                new HashedFile(dir.resolve("dataset_dict.json"), DIRECTORY + "/dataset_dict.json");
        try (out) {
            out.write(
                    JSON.writeValueAsBytes(
                            Map.of(
                                    "splits",
                                    splits.stream().map(PoolRecord.Split::label).toList())));
            out.write('\n');
        }
        return out.finish(null, null);
    }

    @Override
    public void close() throws IOException {
        if (writer != null) writer.close();
        if (root != null) root.close();
        if (file != null) file.close();
    }
}
