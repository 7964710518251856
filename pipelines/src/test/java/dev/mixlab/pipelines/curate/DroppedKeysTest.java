package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dropped copies of a read task: every added key is found, no other key is. */
class DroppedKeysTest {
    @Test
    void findsEveryAddedKeyAndNoOtherAcrossGrowth() {
        DroppedKeys keys = new DroppedKeys();
        assertThat(keys.contains("doc-1\u0000a.jsonl:1")).isFalse();
        for (int i = 0; i < 50_000; i += 2) keys.add("doc-" + i + "\u0000a.jsonl:" + i);
        keys.add("doc-0\u0000a.jsonl:0"); // a repeat is one key
        assertThat(keys.size()).isEqualTo(25_000);
        for (int i = 0; i < 50_000; i++)
            assertThat(keys.contains("doc-" + i + "\u0000a.jsonl:" + i))
                    .as("key %d", i)
                    .isEqualTo(i % 2 == 0);
        assertThat(keys.contains("ünïcode\u0000s3://b/x.jsonl.zst:7")).isFalse();
        keys.add("ünïcode\u0000s3://b/x.jsonl.zst:7");
        assertThat(keys.contains("ünïcode\u0000s3://b/x.jsonl.zst:7")).isTrue();
    }
}
