package dev.mixlab.pipelines.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.normalise.TextNormaliser;
import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.InsufficientSupplyException;
import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.assembly.MixtureInspector;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.CurationFixtures;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's shape on a small real corpus (Europarl speeches and lucene-core sources): a
 * 0–100% code sweep plus an upsampled mixture, mixed on embedded Flink, on the Direct runner and by
 * the single-JVM {@link MixtureBuilder}. DuckDB reads the Flink shards to check rows and shares
 * independently of our Parquet reader.
 */
class MixingTest {
    private static final int SEQ_LEN = 512;
    private static final List<String> SWEEP =
            List.of("code-0", "code-25", "code-50", "code-75", "code-100");
    private static final MixtureBuilder.Options OPTIONS =
            MixtureBuilder.Options.DEFAULTS.withRowsPerShard(16).withShuffleWindow(8);
    private static final String SOURCES =
            """
            name: mixing-test
            tokenizer: cl100k_base
            seq_len: 512
            seed: 7
            sources:
              # Language identification is the slowest step to load and beside the point here.
              - {name: text, kind: text, inputs: corpus/text.jsonl, heldout_fraction: 0.05, filters: {language_id: false, language: false}}
              - {name: code, kind: code, inputs: corpus/code.jsonl, heldout_fraction: 0.05}
            """;

    @TempDir static Path dir;
    static List<String> europarl;
    static AblationSpec spec;
    static Map<String, Path> poolDirs;
    static long codeSupply;
    static List<Mixer.MixResult> flink;
    static MixStages flinkStages;

    @BeforeAll
    static void curateAndMix() throws Exception {
        europarl = CurationFixtures.europarl(200);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < europarl.size(); i++)
            text.append(CurationFixtures.jsonl(String.format("ep-%04d", i), europarl.get(i)));
        StringBuilder code = new StringBuilder();
        for (var file : CurationFixtures.luceneUtilSources(60).entrySet())
            code.append(
                    CurationFixtures.jsonl(
                            file.getKey(), new String(file.getValue(), StandardCharsets.UTF_8)));
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/text.jsonl"), text);
        Files.writeString(dir.resolve("corpus/code.jsonl"), code);
        Path sourcesOnly = dir.resolve("sources.yaml");
        Files.writeString(sourcesOnly, SOURCES);
        CurationFixtures.Run curated =
                CurationFixtures.curate(
                        sourcesOnly, dir.resolve("pools-work"), RunnerChoice.direct(), false);
        poolDirs = new LinkedHashMap<>();
        Map<String, PoolStats> stats = new LinkedHashMap<>();
        for (Curator.PoolResult pool : curated.results()) {
            poolDirs.put(pool.source(), pool.poolDir());
            stats.put(pool.source(), pool.stats());
        }
        codeSupply = stats.get("code").trainTokens();
        long smallest = Math.min(stats.get("text").trainTokens(), codeSupply);
        // Budgets follow the curated supply, so every sweep mixture fits within one epoch of either
        // pool.
        long budget = smallest * 4 / 5;
        Path specFile = dir.resolve("mixing.yaml");
        Files.writeString(
                specFile,
                SOURCES
                        + """
                sweeps:
                  - {name: code, values: [0, 0.25, 0.5, 0.75, 1.0], swept: {code: 1.0}, rest: {text: 1.0}, budget: %d}
                mixtures:
                  - {name: upsampled, weights: {text: 0.5, code: 0.5}, budget: %d, max_repetition: {code: 3, text: 100}}
                  - {name: too-much, weights: {text: 0.5, code: 0.5}, budget: %d, max_repetition: {code: 1.5, text: 100}}
                """
                                .formatted(budget, codeSupply * 5 / 2 * 2, codeSupply * 4));
        spec = SpecLoader.load(specFile);
        List<String> buildable = new ArrayList<>(SWEEP);
        buildable.add("upsampled");
        Mixer flinkMixer = mixer(dir.resolve("flink"), RunnerChoice.embeddedFlink());
        flink = flinkMixer.mix(buildable, false);
        flinkStages = flinkMixer.stages();
    }

    /** A mixer whose work directory shares the pools curated once for every test. */
    static Mixer mixer(Path work, RunnerChoice runner) {
        try {
            Files.createDirectories(work);
            if (!Files.exists(work.resolve("pools")))
                Files.createSymbolicLink(work.resolve("pools"), dir.resolve("pools-work/pools"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Mixer(
                spec,
                new WorkDir(work),
                CurationFixtures.LIMITS,
                runner,
                OPTIONS,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    static MixtureSpec mixture(String name) {
        return spec.mixture(name).orElseThrow();
    }

    @Test
    void duckDbFindsSeqLenTokensInEveryRowAndEachShareWithinOneRowOfItsTarget() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            for (Mixer.MixResult result : flink) {
                MixtureSpec mixture = mixture(result.mixture());
                Map<String, Long> rows = new TreeMap<>();
                try (ResultSet r =
                        sql.executeQuery(
                                "SELECT source, count(*), min(len(input_ids)), max(len(input_ids)) FROM read_parquet('"
                                        + result.dir().resolve("part-*.parquet")
                                        + "') GROUP BY source")) {
                    while (r.next()) {
                        assertThat(r.getInt(3)).as(result.mixture()).isEqualTo(SEQ_LEN);
                        assertThat(r.getInt(4)).as(result.mixture()).isEqualTo(SEQ_LEN);
                        rows.put(r.getString(1), r.getLong(2));
                    }
                }
                assertThat(rows.values().stream().mapToLong(Long::longValue).sum())
                        .as(result.mixture())
                        .isEqualTo((mixture.budgetTokens() + SEQ_LEN - 1) / SEQ_LEN);
                mixture.weights()
                        .forEach(
                                (source, weight) -> {
                                    double target = weight * mixture.budgetTokens();
                                    double achieved =
                                            (double) rows.getOrDefault(source, 0L) * SEQ_LEN;
                                    assertThat(Math.abs(achieved - target))
                                            .as(result.mixture() + " " + source)
                                            .isLessThan(SEQ_LEN);
                                });
                assertThat(rows.keySet())
                        .as(result.mixture())
                        .isEqualTo(
                                new HashSet<>(
                                        mixture.weights().entrySet().stream()
                                                .filter(w -> w.getValue() > 0)
                                                .map(Map.Entry::getKey)
                                                .toList()));
            }
        }
    }

    @Test
    void directRunnerFlinkAndTheSingleJvmBuilderWriteIdenticalBytes() throws Exception {
        Mixer directMixer = mixer(dir.resolve("direct"), RunnerChoice.direct());
        List<Mixer.MixResult> direct = directMixer.mix(SWEEP, false);
        assertThat(directMixer.stages().cpuNanos(MixStages.PACK)).as("pack").isPositive();
        assertThat(directMixer.stages().cpuNanos(MixStages.WRITE)).as("write").isPositive();
        for (Mixer.MixResult d : direct) {
            Path builderDir = dir.resolve("builder").resolve(d.mixture());
            Map<String, Pool> pools =
                    mixer(dir.resolve("direct"), RunnerChoice.direct()).pools(mixture(d.mixture()));
            MixtureBuilder.build(spec, mixture(d.mixture()), pools, builderDir, OPTIONS);
            Map<String, String> flinkFiles =
                    fileHashes(dir.resolve("flink/mixtures").resolve(d.mixture()));
            assertThat(flinkFiles)
                    .as(d.mixture())
                    .containsKeys("manifest.json", "part-00000.parquet");
            assertThat(fileHashes(d.dir())).as(d.mixture() + " direct").isEqualTo(flinkFiles);
            assertThat(fileHashes(builderDir)).as(d.mixture() + " builder").isEqualTo(flinkFiles);
        }
        assertThat(flink.get(2).manifest().train().shards())
                .as("several shards per mixture")
                .hasSizeGreaterThan(2);
    }

    @Test
    void everyStageOfTheFlinkJobReportsItsCpuTimeToTheLauncher() {
        for (String stage : MixStages.STAGES)
            assertThat(flinkStages.cpuNanos(stage)).as(stage).isPositive();
    }

    @Test
    void aSecondRunReusesFinishedMixturesAndForceRebuildsThemIdentically() throws Exception {
        Path work = dir.resolve("flink");
        Map<String, String> before = fileHashes(work.resolve("mixtures/code-50"));
        List<Mixer.MixResult> again =
                mixer(work, RunnerChoice.direct()).mix(List.of("code-50"), false);
        assertThat(again).singleElement().satisfies(r -> assertThat(r.reused()).isTrue());
        List<Mixer.MixResult> forced =
                mixer(work, RunnerChoice.direct()).mix(List.of("code-50"), true);
        assertThat(forced).singleElement().satisfies(r -> assertThat(r.reused()).isFalse());
        assertThat(fileHashes(work.resolve("mixtures/code-50"))).isEqualTo(before);
        try (Stream<Path> siblings = Files.list(work.resolve("mixtures"))) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("no staging directory left; lock files stay, empty")
                    .noneMatch(name -> name.startsWith(".") && !name.endsWith(".lock"));
        }
    }

    @Test
    void everyBuiltMixtureVerifies() {
        for (Mixer.MixResult result : flink) {
            MixtureInspector.Report report = MixtureInspector.verify(result.dir());
            assertThat(report.problems()).as(result.mixture()).isEmpty();
        }
    }

    @Test
    void upsamplingBeyondOneEpochIsReportedInTheManifest() {
        MixtureManifest manifest =
                flink.stream()
                        .filter(r -> r.mixture().equals("upsampled"))
                        .findFirst()
                        .orElseThrow()
                        .manifest();
        MixtureManifest.SourceSummary code = manifest.train().sources().get("code");
        assertThat(code.epochs()).isGreaterThan(2.0).isLessThanOrEqualTo(3.0);
        assertThat(code.epochsStarted()).isEqualTo(3);
        assertThat(code.documents())
                .isGreaterThan(2 * manifest.pools().get("code").trainDocuments());
    }

    @Test
    void aSourceThatCannotSupplyItsShareFailsNamingItBeforeAnythingIsWritten() {
        Path work = dir.resolve("failing");
        assertThatThrownBy(() -> mixer(work, RunnerChoice.direct()).mix(List.of("too-much"), false))
                .isInstanceOf(InsufficientSupplyException.class)
                .hasMessageContaining("mixture 'too-much': source 'code' cannot supply its share")
                .hasMessageContaining("max_repetition 1.5 epochs")
                .hasMessageContaining("Raise max_repetition for 'code'");
        assertThat(work.resolve("mixtures")).doesNotExist();
    }

    @Test
    void decodingRowsReproducesTheDocumentsThatFitInThem() {
        Set<String> originals = new HashSet<>();
        for (String text : europarl) {
            if (TextNormaliser.normalise(text) instanceof TextNormaliser.Accepted accepted)
                originals.add(accepted.text());
        }
        Path textOnly = dir.resolve("flink/mixtures/code-0");
        int rows = (int) flink.get(0).manifest().train().rows();
        int reproduced = 0;
        try (Tokenizer tokenizer = TokenizerFactory.encoding("cl100k_base").open()) {
            for (MixtureInspector.DecodedRow row :
                    MixtureInspector.decode(
                            textOnly,
                            PoolRecord.Split.TRAIN,
                            rows,
                            ids -> withoutEos(ids, tokenizer))) {
                // Pieces strictly between two document starts are whole documents.
                for (int piece = 0; piece < row.documents().size() - 1; piece++) {
                    boolean startsHere =
                            piece > 0 || (row.docStarts().length > 0 && row.docStarts()[0] == 0);
                    if (!startsHere) continue;
                    assertThat(originals).contains(row.documents().get(piece));
                    reproduced++;
                }
            }
        }
        assertThat(reproduced).isGreaterThanOrEqualTo(3);
    }

    private static String withoutEos(int[] ids, Tokenizer tokenizer) {
        int end =
                ids.length > 0 && ids[ids.length - 1] == tokenizer.eosId()
                        ? ids.length - 1
                        : ids.length;
        return tokenizer.decode(Arrays.copyOf(ids, end));
    }

    private static Map<String, String> fileHashes(Path root) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                hashes.put(root.relativize(file).toString(), Sha256.hexOf(file));
            }
        }
        return hashes;
    }
}
