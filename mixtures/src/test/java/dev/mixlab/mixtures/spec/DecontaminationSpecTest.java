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

    private static final String SOURCES =
            """
            tokenizer: bytes
            sources:
              - name: text
                kind: text
                inputs: data/text.jsonl
              - name: code
                kind: code
                inputs: data/code.jsonl
            """;

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

    private String error(String yaml) {
        return SpecText.rejection(dir, yaml).getMessage();
    }

    /** The sources with a decontamination section of one evaluation set. */
    private static String withSet(String set) {
        return SOURCES + "decontamination:\n  sets:\n    - " + set + "\n";
    }

    @Test
    void defaultsAreThirteenWordsOrCodeTokensDropAndEverySource() {
        AblationSpec spec = load(withSet("{name: probes, format: tasks, files: [probes.jsonl]}"));
        DecontaminationSpec d = spec.decontamination();
        assertThat(d.ngram()).isEqualTo(13);
        assertThat(d.mode()).isEqualTo("drop");
        assertThat(d.appliesTo("text")).isTrue();
        assertThat(d.appliesTo("code")).isTrue();
        assertThat(d.unitOf("text", "text")).isEqualTo(NgramUnit.WORDS);
        assertThat(d.unitOf("code", "code")).isEqualTo(NgramUnit.CODE_TOKENS);
        assertThat(d.sets().get(0).files()).containsExactly(dir.resolve("probes.jsonl"));
        assertThat(load(SOURCES).decontamination()).isNull();
    }

    @Test
    void mistakesNameTheKeyFileAndLine() {
        assertThat(
                        error(
                                SOURCES
                                        + """
                                        decontamination:
                                          mode: delete
                                          sets:
                                            - {name: probes, format: tasks, files: [probes.jsonl]}
                                        """))
                .contains("spec.yaml:10:9: decontamination.mode:")
                .contains("unknown mode 'delete'");
        assertThat(error(withSet("{name: probes, format: humaneval, files: [probes.jsonl]}")))
                .contains("spec.yaml:11:")
                .contains("unknown evaluation set format 'humaneval'");
        assertThat(
                        error(
                                SOURCES
                                        + """
                                        decontamination:
                                          sources: [txt]
                                          sets:
                                            - {name: probes, format: tasks, files: [probes.jsonl]}
                                        """))
                .contains("unknown source 'txt' (did you mean 'text'?)");
        assertThat(error(withSet("{name: probes, format: tasks, files: [missing.jsonl]}")))
                .contains("does not exist");
        assertThat(error(SOURCES + "decontamination:\n  ngrams: 12\n  sets: []\n"))
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
        Files.writeString(
                dir.resolve("probes.jsonl"),
                "{\"context\":\"q2\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n");
        assertThat(PoolFingerprint.of(load(yaml), text, "limits").hex()).isNotEqualTo(textPool);
    }
}
