package dev.mixlab.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Any Hugging Face {@code tokenizer.json}, read offline through DJL's Rust tokenizers binding. No
 * special tokens are added (the end-of-text id is appended by the caller); the end-of-text token is
 * the first special token among the usual names ({@code <|endoftext|>}, {@code </s>}, ...).
 */
final class HuggingFaceJsonTokenizer implements Tokenizer {
    private static final List<String> EOS_NAMES =
            List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eot_id|>", "[SEP]");

    private final HuggingFaceTokenizer tokenizer;
    private final int eosId;
    private final int vocabSize;
    private final String fingerprint;

    private HuggingFaceJsonTokenizer(
            HuggingFaceTokenizer tokenizer, int eosId, int vocabSize, String fingerprint) {
        this.tokenizer = tokenizer;
        this.eosId = eosId;
        this.vocabSize = vocabSize;
        this.fingerprint = fingerprint;
    }

    static HuggingFaceJsonTokenizer open(Path file) {
        byte[] bytes;
        JsonNode json;
        try {
            bytes = Files.readAllBytes(file);
            json = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer file " + file, e);
        }
        int maxId = -1;
        for (JsonNode id : json.path("model").path("vocab")) maxId = Math.max(maxId, id.asInt());
        Integer eos = null;
        for (String name : EOS_NAMES) {
            for (JsonNode added : json.path("added_tokens")) {
                maxId = Math.max(maxId, added.path("id").asInt());
                if (eos == null && name.equals(added.path("content").asText()))
                    eos = added.path("id").asInt();
            }
            if (eos != null) break;
        }
        if (eos == null) {
            throw new IllegalArgumentException(
                    file
                            + " declares none of the end-of-text tokens "
                            + EOS_NAMES
                            + " in added_tokens; mixlab appends one after every document");
        }
        try {
            HuggingFaceTokenizer tokenizer =
                    HuggingFaceTokenizer.newInstance(
                            file,
                            Map.of(
                                    "addSpecialTokens",
                                    "false",
                                    "truncation",
                                    "false",
                                    "padding",
                                    "false"));
            return new HuggingFaceJsonTokenizer(
                    tokenizer, eos, maxId + 1, "tokenizer.json:sha256=" + Sha256.hex(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + file, e);
        }
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) wide[i] = ids[i];
        return tokenizer.decode(wide, false);
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
