package dev.mixlab.mixtures.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolWriterTest {
    @TempDir Path dir;

    @Test
    void poolReadsBackInPartThenRowOrderWithStats() throws Exception {
        SyntheticPool.Written written =
                SyntheticPool.write(dir, "code", "code", 1500, 0.1, 7, SyntheticPool.smallParts());
        Pool pool = written.pool();

        assertThat(pool.source()).isEqualTo("code");
        assertThat(pool.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(pool.parts()).hasSizeGreaterThan(3);
        assertThat(pool.parts())
                .extracting(p -> p.getFileName().toString())
                .isSorted()
                .first()
                .isEqualTo("part-00000.parquet");

        List<PoolRecord> all = new ArrayList<>();
        try (PoolReader<PoolRecord> reader = PoolReader.records(pool, null)) {
            reader.forEachRemaining(all::add);
        }
        assertThat(all)
                .as("both splits, part by part")
                .containsExactlyInAnyOrderElementsOf(written.documents());
        for (Path part : pool.parts()) {
            try (ParquetRowReader<String> rows =
                    ParquetRowReader.open(
                            part,
                            PoolRecord.FORMAT,
                            List.of("split"),
                            null,
                            v -> v.string("split"))) {
                Set<String> splits = new HashSet<>();
                rows.forEachRemaining(splits::add);
                assertThat(splits)
                        .as("splits are kept in separate parts: %s", part.getFileName())
                        .hasSize(1);
            }
        }

        List<PoolRecord> train = new ArrayList<>();
        try (PoolReader<PoolRecord> reader = PoolReader.records(pool, PoolRecord.Split.TRAIN)) {
            reader.forEachRemaining(train::add);
        }
        List<PoolRecord> expectedTrain = written.split(PoolRecord.Split.TRAIN);
        assertThat(train).isEqualTo(expectedTrain);

        PoolStats stats = pool.stats();
        assertThat(stats.trainDocuments()).isEqualTo(expectedTrain.size());
        assertThat(stats.trainTokens())
                .isEqualTo(expectedTrain.stream().mapToLong(PoolRecord::nTokens).sum());
        assertThat(stats.validationDocuments() + stats.trainDocuments()).isEqualTo(1500);
        assertThat(stats.validationDocuments()).isBetween(100L, 200L);
        assertThat(stats.eosId()).isEqualTo(SyntheticPool.EOS);
        assertThat(PoolReader.tokenCounts(pool, PoolRecord.Split.TRAIN))
                .containsExactly(expectedTrain.stream().mapToInt(PoolRecord::nTokens).toArray());
    }

    @Test
    void partsAreReadInPartNumberOrderPastFiveDigits() throws Exception {
        SyntheticPool.Written written =
                SyntheticPool.write(dir, "text", "text", 600, 0, 4, SyntheticPool.smallParts());
        List<Path> parts = written.pool().parts();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        Path poolDir = written.pool().dir();
        // part-00000, part-99999, part-100000: name order would read the last part second.
        Files.move(parts.get(parts.size() - 1), poolDir.resolve("part-100000.parquet"));
        Files.move(parts.get(parts.size() - 2), poolDir.resolve("part-99999.parquet"));
        for (int i = parts.size() - 3; i >= 1; i--)
            Files.move(
                    parts.get(i), poolDir.resolve(String.format("part-%05d.parquet", 90000 + i)));

        List<PoolRecord> read = new ArrayList<>();
        try (PoolReader<PoolRecord> reader =
                PoolReader.records(Pool.open(poolDir), PoolRecord.Split.TRAIN)) {
            reader.forEachRemaining(read::add);
        }
        assertThat(read).isEqualTo(written.documents());
    }

    @Test
    void statsKeepCurationFieldsAndRejectIncompletePools() throws Exception {
        Path poolDir = dir.resolve("text-0123abcd");
        try (PoolWriter writer = new PoolWriter(poolDir, PoolWriter.Options.DEFAULTS)) {
            writer.write(
                    new PoolRecord(
                            "a",
                            "text",
                            "text",
                            "de",
                            12,
                            3,
                            new int[] {5, 6, 9},
                            PoolRecord.Split.TRAIN));
            assertThatThrownBy(() -> Pool.open(poolDir))
                    .hasMessageContaining("incomplete")
                    .hasMessageContaining("stats.json")
                    .hasMessageContaining("'text'");
            writer.finish("o200k_base", 9, Map.of("dropped_near_duplicates", IntNode.valueOf(4)));
        }
        String json = Files.readString(poolDir.resolve("stats.json"));
        assertThat(json)
                .contains(
                        "\"train_tokens\" : 3",
                        "\"eos_id\" : 9",
                        "\"dropped_near_duplicates\" : 4");
        assertThat(Pool.open(poolDir).stats().extra()).containsOnlyKeys("dropped_near_duplicates");
    }

    @Test
    void refusesBadDirectoriesAndRecords() throws Exception {
        Files.createDirectories(dir.resolve("no_fingerprint"));
        assertThatThrownBy(() -> Pool.open(dir.resolve("no_fingerprint")))
                .hasMessageContaining("<source>-<fingerprint>");
        assertThatThrownBy(() -> new PoolWriter(dir, PoolWriter.Options.DEFAULTS))
                .hasMessageContaining("not empty");
        assertThatThrownBy(
                        () ->
                                new PoolRecord(
                                        "d1",
                                        "text",
                                        "text",
                                        null,
                                        1,
                                        2,
                                        new int[] {1},
                                        PoolRecord.Split.TRAIN))
                .hasMessageContaining("'d1'")
                .hasMessageContaining("n_tokens = 2")
                .hasMessageContaining("1 input_ids");
        assertThatThrownBy(() -> PoolRecord.Split.of("test"))
                .hasMessageContaining("'train' or 'validation'");
    }

    @Test
    void damagedPoolIsReportedAgainstItsStats() throws Exception {
        Pool pool =
                SyntheticPool.write(dir, "text", "text", 40, 0, 3, PoolWriter.Options.DEFAULTS)
                        .pool();
        new PoolStats(
                        pool.stats().trainTokens() + 1,
                        pool.stats().trainDocuments(),
                        0,
                        0,
                        SyntheticPool.TOKENIZER,
                        SyntheticPool.EOS,
                        Map.of())
                .write(pool.dir());
        assertThatThrownBy(
                        () -> PoolReader.tokenCounts(Pool.open(pool.dir()), PoolRecord.Split.TRAIN))
                .hasMessageContaining(
                        "stats.json says 40 train documents with "
                                + (pool.stats().trainTokens() + 1)
                                + " tokens")
                .hasMessageContaining("rerun curate for source 'text'");
    }
}
