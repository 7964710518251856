package dev.mixlab.mixtures.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.MixlabVersion;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.DecontaminationSpec;
import dev.mixlab.mixtures.spec.InputFiles;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The fingerprint that names a pool ({@code pools/<source>-<first 16 hex digits>}): SHA-256 of
 * everything that decides the pool's content — the software version, the source's settings, the
 * tokenizer (and the hash of its {@code tokenizer.json}), the reader's limits and the {@link
 * InputSnapshot} of the input files (path, size, modification time). The files of the sources this
 * one defers to in exact dedup ({@code dedup.across_sources}) count too: they decide what it keeps.
 *
 * <p>Content hashes of the inputs are not part of it: any edit through ordinary tools changes a
 * file's size or its millisecond modification time, and hashing every input on each {@code mix}
 * would cost a read of the corpus. What it cannot see — a file that vanishes or changes while it is
 * read — curation checks against the snapshot itself.
 *
 * @param hex the fingerprint, 64 hex digits
 * @param inputs the input files it covers, as they were when it was taken
 */
public record PoolFingerprint(String hex, InputSnapshot inputs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is hashed, as compact JSON in this order. */
    @JsonPropertyOrder({
        "mixlab",
        "source",
        "kind",
        "format",
        "fields",
        "dedup",
        "filters",
        "pii",
        "heldout_fraction",
        "tokenizer",
        "tokenizer_sha256",
        "limits",
        "inputs",
        "decontamination"
    })
    record Key(
            String mixlab,
            String source,
            String kind,
            String format,
            String fields,
            String dedup,
            JsonNode filters,
            boolean pii,
            @JsonProperty("heldout_fraction") double heldoutFraction,
            String tokenizer,
            @JsonProperty("tokenizer_sha256") @JsonInclude(JsonInclude.Include.NON_NULL)
                    String tokenizerSha256,
            String limits,
            List<String> inputs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String decontamination) {}

    /**
     * The decontamination settings that apply to {@code source} with the SHA-256 of every
     * evaluation set file, so that a changed set rebuilds the pools it applies to; null when none
     * applies (the fingerprint is then what it was before decontamination existed).
     */
    static String decontamination(DecontaminationSpec spec, SourceSpec source) {
        if (spec == null || !spec.appliesTo(source.name())) return null;
        StringBuilder key =
                new StringBuilder()
                        .append("ngram=")
                        .append(spec.ngramOf(source.name()))
                        .append(",unit=")
                        .append(spec.unitOf(source.name(), source.kind()).yamlName())
                        .append(",mode=")
                        .append(spec.mode())
                        .append(",bloom_above=")
                        .append(spec.bloomAbove())
                        .append(",bloom_fpr=")
                        .append(spec.bloomFpr())
                        .append(",max_document_frequency=")
                        .append(spec.maxDocumentFrequency());
        for (DecontaminationSpec.EvalSet set : spec.sets()) {
            key.append(";set=").append(set.name()).append(",format=").append(set.format());
            for (Path file : set.files()) {
                try {
                    key.append(",sha256=").append(Sha256.hexOf(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot hash evaluation set file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return key.toString();
    }

    /**
     * @param readLimits the reader's bounds as curation applies them ({@code
     *     ReadLimits.toString()})
     * @throws UncheckedIOException when an input cannot be listed or measured (never hidden in the
     *     fingerprint)
     */
    public static PoolFingerprint of(AblationSpec spec, SourceSpec source, String readLimits) {
        List<Path> files = new ArrayList<>(InputFiles.resolve(source));
        for (String other : source.dedup().acrossSources())
            files.addAll(InputFiles.resolve(spec.source(other).orElseThrow()));
        InputSnapshot inputs = InputSnapshot.of(files);
        Path tokenizerJson = spec.tokenizer().tokenizerJson();
        String tokenizerSha256;
        try {
            tokenizerSha256 = tokenizerJson == null ? null : Sha256.hexOf(tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot hash the tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
        Key key =
                new Key(
                        MixlabVersion.get(),
                        source.name(),
                        source.kind(),
                        source.format().yamlName(),
                        source.fields().toString(),
                        source.dedup().toString(),
                        JSON.valueToTree(new TreeMap<>(source.filters())),
                        source.redactsPii(),
                        source.heldoutFraction(),
                        spec.tokenizer().describe(),
                        tokenizerSha256,
                        readLimits,
                        inputs.lines(),
                        decontamination(spec.decontamination(), source));
        try {
            return new PoolFingerprint(Sha256.hex(JSON.writeValueAsBytes(key)), inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot fingerprint the pool of source '" + source.name() + "'", e);
        }
    }
}
