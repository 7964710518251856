package dev.mixlab.mixtures.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.mixtures.pool.SyntheticPool;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePackerTest {
    private static final int SEQ_LEN = 256;

    @TempDir Path dir;

    private static List<PackedRow> drain(SourcePacker packer) {
        List<PackedRow> rows = new ArrayList<>();
        try (packer) {
            packer.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static List<int[]> documentsOf(List<PackedRow> rows, long paddedTokens) {
        return PackedDocuments.of(
                rows.stream().map(PackedRow::row).toList(), SEQ_LEN, paddedTokens);
    }

    @Test
    void upsampledTrainRowsHoldTheSeededDocumentOrderAcrossEpochs() throws Exception {
        SyntheticPool.Written written =
                SyntheticPool.write(dir, "code", "code", 400, 0.1, 5, SyntheticPool.smallParts());
        Pool pool = written.pool();
        long supply = pool.stats().trainTokens();
        MixtureSpec spec =
                new MixtureSpec(
                        "m",
                        "explicit",
                        null,
                        Map.of("code", 1.0),
                        supply * 17 / 10,
                        Map.of("code", 2.0),
                        99);
        MixturePlan plan = MixturePlan.of(spec, SEQ_LEN, Map.of("code", pool.stats()));

        SourcePacker packer = SourcePacker.train(plan, "code", pool, 20_000);
        List<PackedRow> rows = drain(packer);
        SourceQuota quota = plan.train().get(0);

        assertThat(rows).hasSize((int) quota.rows());
        assertThat(rows).allSatisfy(r -> assertThat(r.row().inputIds()).hasSize(SEQ_LEN));
        assertThat(rows)
                .extracting(PackedRow::rowIndex)
                .containsExactly(LongStream.range(0, quota.rows()).boxed().toArray(Long[]::new));
        assertThat(packer.epochsStarted()).isEqualTo(2);
        assertThat(quota.epochs()).isBetween(1.69, 1.71);

        List<int[]> expected =
                PackedDocuments.expected(
                        written.split(PoolRecord.Split.TRAIN), 99, "code", quota.packedTokens());
        assertThat(documentsOf(rows, quota.paddedTokens())).containsExactlyElementsOf(expected);
        assertThat(packer.documentsStarted()).isEqualTo(expected.size());

        List<PackedRow> oneWindow =
                drain(
                        SourcePacker.train(
                                plan, "code", pool, SourcePacker.DEFAULT_GATHER_WINDOW_TOKENS));
        assertThat(oneWindow)
                .as("the gather window changes memory, never the rows")
                .isEqualTo(rows);
    }

    @Test
    void aDocumentContinuingIntoARowHasNoStartThere() throws Exception {
        Path poolDir = dir.resolve("text-00000001");
        int[][] documents = {{1, 2, 3, 9}, {4, 5, 6, 9}, {7, 8, 9}, {10, 11, 12, 13, 9}};
        try (PoolWriter writer = new PoolWriter(poolDir, PoolWriter.Options.DEFAULTS)) {
            writer.write(
                    new PoolRecord(
                            "t",
                            "text",
                            "text",
                            null,
                            0,
                            2,
                            new int[] {1, 9},
                            PoolRecord.Split.TRAIN));
            for (int i = 0; i < documents.length; i++) {
                writer.write(
                        new PoolRecord(
                                "d" + i,
                                "text",
                                "text",
                                null,
                                0,
                                documents[i].length,
                                documents[i],
                                PoolRecord.Split.VALIDATION));
            }
            writer.finish("t", 9, Map.of());
        }
        Pool pool = Pool.open(poolDir);
        MixtureSpec spec =
                new MixtureSpec("m", "explicit", null, Map.of("text", 1.0), 1, Map.of(), 0);
        MixturePlan plan = MixturePlan.of(spec, 4, Map.of("text", pool.stats()));
        List<PackedRow> rows = drain(SourcePacker.validation(plan, "text", pool));

        assertThat(rows)
                .extracting(r -> r.row().inputIds())
                .containsExactly(
                        new int[] {1, 2, 3, 9},
                        new int[] {4, 5, 6, 9},
                        new int[] {7, 8, 9, 10},
                        new int[] {11, 12, 13, 9});
        assertThat(rows)
                .extracting(r -> r.row().docStarts())
                .containsExactly(new int[] {0}, new int[] {0}, new int[] {0, 3}, new int[] {});
    }

    @Test
    void validationPacksAllDocumentsInPoolOrderAndPadsTheLastRow() throws Exception {
        SyntheticPool.Written written =
                SyntheticPool.write(dir, "text", "text", 300, 0.2, 8, PoolWriter.Options.DEFAULTS);
        Pool pool = written.pool();
        MixtureSpec spec =
                new MixtureSpec("m", "explicit", null, Map.of("text", 1.0), 1000, Map.of(), 0);
        MixturePlan plan = MixturePlan.of(spec, SEQ_LEN, Map.of("text", pool.stats()));
        SourceQuota quota = plan.validation().get(0);
        List<PackedRow> rows = drain(SourcePacker.validation(plan, "text", pool));

        assertThat(quota.paddedTokens()).isPositive();
        int[] last = rows.get(rows.size() - 1).row().inputIds();
        for (int i = SEQ_LEN - (int) quota.paddedTokens(); i < SEQ_LEN; i++)
            assertThat(last[i]).isEqualTo(SyntheticPool.EOS);
        assertThat(documentsOf(rows, quota.paddedTokens()))
                .containsExactlyElementsOf(
                        written.split(PoolRecord.Split.VALIDATION).stream()
                                .map(PoolRecord::inputIds)
                                .toList());
    }
}
