package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageSpecTest {
    private static AblationSpec parse(String storage) {
        return SpecLoader.parse(
                Path.of("s.yaml"),
                storage
                        + "\n"
                        + "sources: [{name: t, kind: text, inputs: \"s3://corpora/t/*.jsonl\"}]\n");
    }

    @Test
    void theStorageSectionIsReadAndS3InputsKeptAsWritten() {
        AblationSpec spec =
                parse("storage: {endpoint: \"http://127.0.0.1:9000\", path_style: true}");
        assertThat(spec.storage()).isEqualTo(new StorageSpec("http://127.0.0.1:9000", true, null));
        assertThat(spec.sources().get(0).inputs()).containsExactly("s3://corpora/t/*.jsonl");
    }

    @Test
    void anEndpointThatIsNoUrlIsRefusedNamingTheKeyAndLine() {
        assertThatThrownBy(() -> parse("storage:\n  endpoint: minio:9000"))
                .hasMessageContaining("s.yaml:2")
                .hasMessageContaining("endpoint")
                .hasMessageContaining("http://host:port");
    }

    @Test
    void anUnknownStorageKeyIsRefused() {
        assertThatThrownBy(() -> parse("storage: {endpont: \"http://h:1\"}"))
                .hasMessageContaining("endpont");
    }
}
