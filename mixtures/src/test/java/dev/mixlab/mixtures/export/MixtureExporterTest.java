package dev.mixlab.mixtures.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.assembly.MixtureInputException;
import dev.mixlab.mixtures.assembly.MixtureInspector;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.ShardWriter;
import dev.mixlab.mixtures.parquet.ParquetRowReader;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.mixtures.pool.SyntheticPool;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.ShardsSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports of a mixture built from synthetic pools with a 100k BPE-like vocabulary (so int32 /
 * uint32 token files): the token files are read back here byte by byte and compared with the
 * Parquet rows; the independent numpy and apache-arrow readers run in the cli module's
 * ExportReadersTest on real text and code.
 */
class MixtureExporterTest {
    private static final int SEQ_LEN = 256;
    private static final int EOS = SyntheticPool.EOS;
    private static final String SPEC =
            """
            name: export-test
            tokenizer: cl100k_base
            seq_len: 256
            seed: 5
            sources:
              - {name: text, kind: text, inputs: text.jsonl}
              - {name: code, kind: code, inputs: code.jsonl}
            mixtures:
              - {name: mixed, weights: {text: 0.6, code: 0.4}, budget: 300K, max_repetition: {code: 2}}
            shards:
              formats: [parquet, megatron, olmo, arrow]
              olmo_file_tokens: 40K
            """;
    private static final MixtureBuilder.Options OPTIONS =
            MixtureBuilder.Options.DEFAULTS.withRowsPerShard(200);

    @TempDir static Path shared;
    @TempDir Path out;
    private static AblationSpec ablation;
    private static Map<String, Pool> pools;

    @BeforeAll
    static void writePools() throws IOException {
        ablation = SpecLoader.parse(shared.resolve("spec.yaml"), SPEC);
        pools = new LinkedHashMap<>();
        pools.put(
                "text",
                SyntheticPool.write(
                                shared.resolve("pools"),
                                "text",
                                "text",
                                500,
                                0.05,
                                1,
                                PoolWriter.Options.DEFAULTS)
                        .pool());
        pools.put(
                "code",
                SyntheticPool.write(
                                shared.resolve("pools"),
                                "code",
                                "code",
                                150,
                                0.1,
                                2,
                                PoolWriter.Options.DEFAULTS)
                        .pool());
    }

    private MixtureManifest build(Path dir, AblationSpec spec, MixtureBuilder.Options options)
            throws IOException {
        return MixtureBuilder.build(spec, spec.mixture("mixed").orElseThrow(), pools, dir, options);
    }

    @Test
    void buildWritesEveryFormatWithExactlyTheMixturesDocumentTokens() throws Exception {
        Path dir = out.resolve("mixed");
        MixtureManifest manifest = build(dir, ablation, OPTIONS);

        MixtureManifest.Exports exports = manifest.exports();
        assertThat(exports.megatron().dtype()).isEqualTo("int32"); // 100,277 ids ≥ 65,500
        assertThat(exports.olmo().dtype()).isEqualTo("uint32");
        assertThat(exports.olmo().fileTokens()).isEqualTo(40_000 / SEQ_LEN * SEQ_LEN);
        assertThat(MixtureManifest.read(dir)).isEqualTo(manifest);
        assertThat(MixtureInspector.verify(dir).problems()).isEmpty();
        assertThat(manifest.train().paddedTokens() + manifest.validation().paddedTokens())
                .as("the test needs padding to exclude")
                .isPositive();

        for (PoolRecord.Split split : PoolRecord.Split.values()) {
            List<MixtureRow> rows = rows(dir, manifest.split(split));
            Expected expected = Expected.of(rows, manifest.split(split));
            String prefix = "megatron/" + split.label() + "_text_document";
            int[] megatron = readTokens(dir.resolve(prefix + ".bin"), 4);
            List<String[]> documents = documentList(dir.resolve(prefix + ".documents.csv.gz"));
            assertThat(documents.stream().map(d -> d[2]).toList())
                    .as("%s documents in the order of their first tokens", split)
                    .isEqualTo(expected.documentSources);
            expected.streams.forEach(
                    (source, stream) ->
                            assertThat(sourceTokens(megatron, documents, source))
                                    .as("%s %s", split, source)
                                    .containsExactly(stream));
            long withoutEos =
                    documents.stream()
                            .filter(d -> megatron[Integer.parseInt(d[1]) - 1] != EOS)
                            .count();
            assertThat(withoutEos)
                    .as("only a document cut by its source's budget lacks EOS")
                    .isLessThanOrEqualTo(expected.streams().size());

            List<Path> olmoFiles = files(dir.resolve("olmo").resolve(split.label()), ".npy");
            int[] olmo =
                    olmoFiles.stream()
                            .map(file -> readTokens(file, 4))
                            .flatMapToInt(java.util.Arrays::stream)
                            .toArray();
            assertThat(olmo).as("OLMo holds the Megatron token stream").isEqualTo(megatron);
            for (Path file : olmoFiles.subList(0, olmoFiles.size() - 1))
                assertThat(Files.size(file)).isEqualTo(4L * exports.olmo().fileTokens());

            List<Path> arrowFiles = files(dir.resolve("arrow").resolve(split.label()), ".arrow");
            assertThat(arrowFiles).hasSize(Math.max(1, manifest.split(split).shards().size()));
            assertThat(arrowFiles.get(0).getFileName().toString())
                    .isEqualTo(String.format("data-00000-of-%05d.arrow", arrowFiles.size()));
        }
        assertThat(dir.resolve("arrow/dataset_dict.json"))
                .content()
                .contains("\"splits\"", "\"train\"", "\"validation\"");
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void aShuffleWindowMovesRowsButNotTheExportedDocuments() throws Exception {
        MixtureManifest plain = build(out.resolve("plain"), ablation, OPTIONS);
        MixtureManifest shuffled =
                build(out.resolve("shuffled"), ablation, OPTIONS.withShuffleWindow(16));
        assertThat(shuffled.train().shards().get(0).sha256())
                .isNotEqualTo(plain.train().shards().get(0).sha256());
        for (String file :
                List.of(
                        "megatron/train_text_document.bin",
                        "megatron/train_text_document.idx",
                        "megatron/train_text_document.documents.csv.gz",
                        "olmo/train/part-00000.npy")) {
            assertThat(out.resolve("shuffled").resolve(file))
                    .as(file)
                    .hasSameBinaryContentAs(out.resolve("plain").resolve(file));
        }
        assertThat(MixtureInspector.verify(out.resolve("shuffled")).problems()).isEmpty();
    }

    @Test
    void aUint16MegatronExportOfALargeVocabularyIsRefusedBeforeAnythingIsBuilt() {
        AblationSpec uint16 =
                SpecLoader.parse(
                        shared.resolve("spec.yaml"),
                        SPEC.replace("olmo_file_tokens: 40K", "megatron_dtype: uint16"));
        Path dir = out.resolve("refused");
        assertThatThrownBy(() -> build(dir, uint16, OPTIONS))
                .isInstanceOf(MixtureInputException.class)
                .hasMessageContaining("megatron_dtype uint16")
                .hasMessageContaining("100,277 ids");
        assertThat(dir).doesNotExist();
    }

    @Test
    void inspectFindsADamagedOrMissingExportFile() throws Exception {
        Path dir = out.resolve("damaged");
        build(dir, ablation, OPTIONS);
        Path bin = dir.resolve("megatron/validation_text_document.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[bytes.length / 2] ^= 1;
        Files.write(bin, bytes);
        Files.delete(dir.resolve("arrow/train/state.json"));

        assertThat(MixtureInspector.verify(dir).problems())
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("megatron validation")
                                        .contains("validation_text_document.bin")
                                        .contains("SHA-256"))
                .anySatisfy(p -> assertThat(p).contains("arrow/train/state.json is missing"));
    }

    @Test
    void anUpToDateExportIsReusedAndAChangedOneIsRedone() throws Exception {
        Path dir = out.resolve("update");
        MixtureManifest manifest = build(dir, ablation, OPTIONS);
        MixtureExporter.Request same = MixtureExporter.Request.of(ablation.shards());
        assertThat(MixtureExporter.missing(manifest, same, 100_277)).isEmpty();
        assertThat(
                        MixtureExporter.update(
                                dir,
                                manifest,
                                same,
                                () -> 100_277,
                                false,
                                MixtureExporter.Progress.NONE))
                .isSameAs(manifest);

        MixtureExporter.Request bigger =
                new MixtureExporter.Request(
                        List.of(ShardsSpec.Format.OLMO),
                        ShardsSpec.TokenDtype.AUTO,
                        ShardsSpec.TokenDtype.AUTO,
                        1_000_000);
        List<String> lines = new ArrayList<>();
        MixtureManifest updated =
                MixtureExporter.update(dir, manifest, bigger, () -> 100_277, false, lines::add);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("mixed: olmo train:"));
        assertThat(updated.exports().olmo().fileTokens()).isEqualTo(1_000_000 / SEQ_LEN * SEQ_LEN);
        assertThat(updated.exports().megatron()).isEqualTo(manifest.exports().megatron());
        assertThat(files(dir.resolve("olmo/train"), ".npy")).hasSize(1);
        assertThat(MixtureManifest.read(dir)).isEqualTo(updated);
        assertThat(MixtureInspector.verify(dir).problems()).isEmpty();
    }

    // ---- reading the files back ----------------------------------------------------------------

    /** What the Parquet rows say the token files must hold. */
    private record Expected(Map<String, int[]> streams, List<String> documentSources) {
        static Expected of(List<MixtureRow> rows, MixtureManifest.SplitSummary split) {
            Map<String, List<Integer>> streams = new LinkedHashMap<>();
            Map<String, Long> seen = new LinkedHashMap<>();
            List<String> documentSources = new ArrayList<>();
            for (MixtureRow row : rows) {
                String source = row.source();
                long index = seen.merge(source, 1L, Long::sum) - 1;
                MixtureManifest.SourceSummary summary = split.sources().get(source);
                int end =
                        index == summary.rows() - 1
                                ? SEQ_LEN - (int) summary.paddedTokens()
                                : SEQ_LEN;
                List<Integer> stream = streams.computeIfAbsent(source, s -> new ArrayList<>());
                for (int i = 0; i < end; i++) stream.add(row.inputIds()[i]);
                for (int start : row.docStarts()) documentSources.add(source);
            }
            Map<String, int[]> arrays = new LinkedHashMap<>();
            streams.forEach(
                    (s, list) ->
                            arrays.put(s, list.stream().mapToInt(Integer::intValue).toArray()));
            return new Expected(arrays, documentSources);
        }
    }

    private static List<MixtureRow> rows(Path dir, MixtureManifest.SplitSummary split) {
        List<MixtureRow> rows = new ArrayList<>();
        for (ShardWriter.ShardInfo shard : split.shards()) {
            try (ParquetRowReader<MixtureRow> reader =
                    ParquetRowReader.open(dir.resolve(shard.file()), MixtureRow.FORMAT)) {
                reader.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    private static int[] readTokens(Path file, int bytesPerToken) {
        try {
            ByteBuffer buffer =
                    ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int[] tokens = new int[buffer.remaining() / bytesPerToken];
            for (int i = 0; i < tokens.length; i++)
                tokens[i] =
                        bytesPerToken == 2
                                ? Short.toUnsignedInt(buffer.getShort())
                                : buffer.getInt();
            return tokens;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String[]> documentList(Path file) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(file)),
                                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("start,end,source");
            return reader.lines().map(line -> line.split(",")).toList();
        }
    }

    private static int[] sourceTokens(int[] tokens, List<String[]> documents, String source) {
        return documents.stream()
                .filter(d -> d[2].equals(source))
                .flatMapToInt(
                        d ->
                                java.util.Arrays.stream(
                                        tokens, Integer.parseInt(d[0]), Integer.parseInt(d[1])))
                .toArray();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
