package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.decontaminate.NgramUnit;
import dev.mixlab.mixtures.pool.PoolFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecontaminationSpecTest {
    @TempDir Path dir;

    /** Two sources (spec lines 1-4); decontamination: is line 5, its first key line 6. */
    private static final String SOURCES =
            "tokenizer: bytes\nsources:\n"
                    + "  - {name: text, kind: text, inputs: data/text.jsonl}\n"
                    + "  - {name: code, kind: code, inputs: data/code.jsonl}\n";

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/text.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n");
        Files.writeString(dir.resolve("data/code.jsonl"), "{\"id\":\"b\",\"text\":\"y\"}\n");
        Files.writeString(
                dir.resolve("probes.jsonl"),
                "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n");
    }

    private AblationSpec load(String yaml) {
        return SpecText.load(dir, yaml);
    }

    /** The message of the spec whose {@code decontamination:} section is {@code section}. */
    private String rejected(String section) {
        String yaml = SOURCES + "decontamination:\n" + section.indent(2);
        return SpecText.rejection(dir, yaml).getMessage();
    }

    private static final String PROBES =
            "sets:\n  - {name: probes, format: tasks, files: [probes.jsonl]}\n";

    @Test
    void defaultsAreThirteenWordsOrCodeTokensDropAndEverySource() {
        DecontaminationSpec d =
                load(SOURCES + "decontamination:\n" + PROBES.indent(2)).decontamination();
        assertThat(d.ngram()).isEqualTo(13);
        assertThat(d.ngramOf("code")).isEqualTo(13);
        assertThat(d.maxDocumentFrequency()).isEqualTo(10);
        assertThat(d.mode()).isEqualTo("drop");
        assertThat(d.appliesTo("text")).isTrue();
        assertThat(d.appliesTo("code")).isTrue();
        assertThat(d.unitOf("text", "text")).isEqualTo(NgramUnit.WORDS);
        assertThat(d.unitOf("code", "code")).isEqualTo(NgramUnit.CODE_TOKENS);
        assertThat(d.sets().get(0).files()).containsExactly(dir.resolve("probes.jsonl"));
        assertThat(load(SOURCES).decontamination()).isNull();
    }

    @Test
    void theCutoffAndPerSourceNgramSizesAreRead() {
        DecontaminationSpec d =
                load(SOURCES
                                + "decontamination:\n"
                                + ("max_document_frequency: 0\nngrams: {code: 10}\n" + PROBES)
                                        .indent(2))
                        .decontamination();
        assertThat(d.maxDocumentFrequency()).isZero();
        assertThat(d.ngramOf("code")).isEqualTo(10);
        assertThat(d.ngramOf("text")).isEqualTo(13);
    }

    @Test
    void mistakesNameTheKeyFileAndLine() {
        assertThat(rejected("mode: delete\n" + PROBES))
                .contains("spec.yaml:6:9: decontamination.mode:")
                .contains("unknown mode 'delete'");
        assertThat(rejected("sets:\n  - {name: probes, format: humaneval, files: [probes.jsonl]}"))
                .contains("spec.yaml:7:")
                .contains("unknown evaluation set format 'humaneval'");
        assertThat(rejected("sources: [txt]\n" + PROBES))
                .contains("unknown source 'txt' (did you mean 'text'?)");
        assertThat(rejected("sets:\n  - {name: probes, format: tasks, files: [missing.jsonl]}"))
                .contains("does not exist");
        assertThat(rejected("ngrams: 12\nsets: []")).contains("ngrams");
        assertThat(rejected("max_document_frequency: -1\n" + PROBES))
                .contains("spec.yaml:6:")
                .contains("decontamination.max_document_frequency:")
                .contains("must be ≥ 0");
        assertThat(rejected("max_document_frequency: ten\n" + PROBES))
                .contains("spec.yaml:6:")
                .contains("max_document_frequency");
        assertThat(rejected("ngrams: {cod: 10}\n" + PROBES))
                .contains("spec.yaml:6:")
                .contains("unknown source 'cod'");
        assertThat(rejected("ngrams: {code: 0}\n" + PROBES))
                .contains("spec.yaml:6:")
                .contains("ngrams");
    }

    @Test
    void setsAreFingerprintedIntoThePoolsTheyApplyTo() throws Exception {
        String yaml =
                SOURCES
                        + """
                        decontamination:
                          sources: [text]
                          sets:
                            - {name: probes, format: tasks, files: [probes.jsonl]}
                        """;
        AblationSpec with = load(yaml);
        AblationSpec without = load(SOURCES);
        SourceSpec text = with.source("text").orElseThrow();
        SourceSpec code = with.source("code").orElseThrow();
        String textPool = PoolFingerprint.of(with, text, "limits").hex();
        assertThat(textPool).isNotEqualTo(PoolFingerprint.of(without, text, "limits").hex());
        // A source the section does not apply to keeps the fingerprint it had without it.
        assertThat(PoolFingerprint.of(with, code, "limits").hex())
                .isEqualTo(PoolFingerprint.of(without, code, "limits").hex());
        // The cut-off changes what the pool holds.
        String cutoff =
                yaml.replace("sources: [text]", "sources: [text]\n  max_document_frequency: 20");
        assertThat(PoolFingerprint.of(load(cutoff), text, "limits").hex()).isNotEqualTo(textPool);
        Files.writeString(
                dir.resolve("probes.jsonl"),
                "{\"context\":\"q2\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n");
        assertThat(PoolFingerprint.of(load(yaml), text, "limits").hex()).isNotEqualTo(textPool);
    }
}
