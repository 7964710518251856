package dev.mixlab.eval.external;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.eval.proxy.HeldOutData;
import dev.mixlab.eval.proxy.MultipleChoice;
import dev.mixlab.eval.proxy.ProxySuite;
import dev.mixlab.eval.proxy.ScoringPlan;
import dev.mixlab.eval.proxy.TaskFile;
import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.EvalSpec;
import dev.mixlab.tokenizers.Tokenizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The proxy evaluator's inputs, tokenized, for an evaluator command that has no tokenizer of its
 * own ({@code {eval_data}}, {@code WORKDIR/eval-data/<ablation>/}): the same held-out documents per
 * source (the first 64k tokens of each pool's held-out split) and the spec's task files, in files
 * numpy reads.
 *
 * <ul>
 *   <li>{@code eval-data.json}: format, tokenizer, vocabulary, {@code eos_id}, {@code seq_len}, per
 *       source its files and totals, per task its file and question count, and a fingerprint of all
 *       that went in;
 *   <li>{@code heldout/<source>.bin}: the documents' token ids back to back, little-endian int32,
 *       each document closed by its end-of-sequence id (as in the pool);
 *   <li>{@code heldout/<source>.csv}: {@code start,end,bytes,lang} per document (token offsets into
 *       the .bin; UTF-8 bytes of its text, for bits per byte);
 *   <li>{@code tasks/<task>.jsonl}: per question {@code context} (ids, starting with the
 *       end-of-sequence id), {@code choices} (ids), {@code choice_chars} and {@code gold}: the same
 *       tokenization as the proxy evaluator's.
 * </ul>
 *
 * Written under a temporary name and renamed; rewritten only when its fingerprint changes.
 */
public final class EvalData {
    public static final String FORMAT = "mixlab.eval-data/1";
    public static final String FILE_NAME = "eval-data.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalData() {}

    public static Path dir(WorkDir work, AblationSpec spec) {
        return work.store().inside(work.root().resolve("eval-data").resolve(spec.name()), "write");
    }

    /** Writes the ablation's evaluation data unless it is there already; returns its directory. */
    public static Path prepare(AblationSpec spec, WorkDir work) {
        Path target = dir(work, spec);
        HeldOutData heldOut = HeldOutData.of(spec, work);
        long maxTokens = ProxySuite.Options.DEFAULTS.bpbTokens();
        try (Tokenizer tokenizer = spec.tokenizer().factory().open()) {
            MessageDigest digest = Sha256.newDigest();
            update(digest, FORMAT, tokenizer.fingerprint(), Integer.toString(spec.seqLen()));
            for (String source : heldOut.sources())
                update(digest, source, heldOut.poolDir(source).getFileName().toString());
            for (Path file : spec.eval().taskFiles()) {
                update(digest, EvalSpec.taskName(file));
                digest.update(Files.readAllBytes(file));
            }
            String fingerprint = Sha256.hex(digest);
            Path existing = target.resolve(FILE_NAME);
            if (Files.isRegularFile(existing)
                    && fingerprint.equals(
                            JSON.readTree(existing.toFile()).path("fingerprint").asText())) {
                return target;
            }
            Path staged =
                    target.resolveSibling(
                            "."
                                    + target.getFileName()
                                    + ".partial-"
                                    + ProcessHandle.current().pid());
            if (Files.exists(staged)) work.store().delete(staged);
            Files.createDirectories(staged.resolve("heldout"));
            Files.createDirectories(staged.resolve("tasks"));
            ObjectNode info = JSON.createObjectNode();
            info.put("format", FORMAT)
                    .put("tokenizer", spec.tokenizer().describe())
                    .put("vocab", tokenizer.vocabSize())
                    .put("eos_id", tokenizer.eosId())
                    .put("seq_len", spec.seqLen())
                    .put("fingerprint", fingerprint);
            ObjectNode sources = info.putObject("heldout");
            for (String source : heldOut.sources()) {
                List<PoolRecord> docs = capped(heldOut.documents(source, maxTokens), maxTokens);
                if (docs.isEmpty()) continue;
                sources.set(source, writeHeldOut(staged, source, heldOut.kind(source), docs));
            }
            ObjectNode tasks = info.putObject("tasks");
            for (Path file : spec.eval().taskFiles()) {
                String task = EvalSpec.taskName(file);
                List<MultipleChoice.Question> questions = TaskFile.read(file);
                writeTask(staged.resolve("tasks").resolve(task + ".jsonl"), tokenizer, questions);
                tasks.putObject(task)
                        .put("file", "tasks/" + task + ".jsonl")
                        .put("questions", questions.size());
            }
            JSON.writeValue(staged.resolve(FILE_NAME).toFile(), info);
            Publish.directory(staged, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the evaluation data " + target + ": " + e.getMessage(), e);
        }
    }

    /** The first documents holding {@code maxTokens} tokens (the last one whole), as the proxy. */
    private static List<PoolRecord> capped(List<PoolRecord> docs, long maxTokens) {
        long tokens = 0;
        int n = 0;
        while (n < docs.size() && tokens < maxTokens) tokens += docs.get(n++).nTokens();
        return docs.subList(0, n);
    }

    private static ObjectNode writeHeldOut(
            Path dir, String source, String kind, List<PoolRecord> docs) throws IOException {
        long tokens = 0;
        long bytes = 0;
        Path bin = dir.resolve("heldout").resolve(source + ".bin");
        Path csv = dir.resolve("heldout").resolve(source + ".csv");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(bin));
                BufferedWriter index = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            index.write("start,end,bytes,lang\n");
            for (PoolRecord doc : docs) {
                ByteBuffer buffer =
                        ByteBuffer.allocate(4 * doc.inputIds().length)
                                .order(ByteOrder.LITTLE_ENDIAN);
                for (int id : doc.inputIds()) buffer.putInt(id);
                out.write(buffer.array());
                index.write(
                        tokens
                                + ","
                                + (tokens + doc.inputIds().length)
                                + ","
                                + doc.nBytes()
                                + ","
                                + (doc.lang() == null ? "" : doc.lang().replace(",", " "))
                                + "\n");
                tokens += doc.inputIds().length;
                bytes += doc.nBytes();
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kind)
                .put("tokens_file", "heldout/" + source + ".bin")
                .put("documents_file", "heldout/" + source + ".csv")
                .put("dtype", "int32")
                .put("documents", docs.size())
                .put("tokens", tokens)
                .put("bytes", bytes);
        return node;
    }

    private static void writeTask(
            Path file, Tokenizer tokenizer, List<MultipleChoice.Question> questions)
            throws IOException {
        List<ScoringPlan.Group> groups = MultipleChoice.of(tokenizer, questions).groups();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int q = 0; q < questions.size(); q++) {
                ObjectNode line = JSON.createObjectNode();
                ArrayNode context = line.putArray("context");
                for (int id : groups.get(q).context()) context.add(id);
                ArrayNode choices = line.putArray("choices");
                for (int[] choice : groups.get(q).continuations()) {
                    ArrayNode ids = choices.addArray();
                    for (int id : choice) ids.add(id);
                }
                ArrayNode chars = line.putArray("choice_chars");
                for (String choice : questions.get(q).choices()) chars.add(choice.length());
                line.put("gold", questions.get(q).gold());
                out.write(
                        JSON.writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(line));
                out.write('\n');
            }
        }
    }

    private static void update(MessageDigest digest, String... parts) {
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
    }
}
