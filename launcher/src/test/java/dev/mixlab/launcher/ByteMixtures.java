package dev.mixlab.launcher;

import dev.mixlab.io.FileTrees;
import dev.mixlab.launcher.backend.TrainingBackend;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolWriter;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.CurationFixtures;
import dev.mixlab.tokenizers.Tokenizer;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A work dir with real byte-tokenized pools (Europarl speeches as text, lucene-core's Java sources
 * as code) and the mixtures of a given spec built from them, without running a curation pipeline:
 * the launcher's tests need real mixtures, not the curation stages.
 *
 * <p>A test class that shares one such work dir registers it: {@code @RegisterExtension static
 * final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 300);} builds it in a temporary directory
 * before the class's own {@code @BeforeAll} methods and deletes it after the class.
 */
public final class ByteMixtures implements BeforeAllCallback, AfterAllCallback {
    private final Function<Path, String> specYaml;
    private final int documentsPerSource;
    private Path dir;
    private AblationSpec spec;
    private WorkDir work;

    public ByteMixtures(String specYaml, int documentsPerSource) {
        this(dir -> specYaml, documentsPerSource);
    }

    /**
     * @param specYaml the spec, given the directory it will be written to (where it may first put
     *     files the spec names)
     */
    public ByteMixtures(Function<Path, String> specYaml, int documentsPerSource) {
        this.specYaml = specYaml;
        this.documentsPerSource = documentsPerSource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("byte-mixtures-");
        spec = build(dir, specYaml.apply(dir), documentsPerSource);
        work = WorkDir.choose(null, spec);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FileTrees.deleteQuietly(dir);
    }

    /** The directory of {@code spec.yaml}. */
    public Path dir() {
        return dir;
    }

    public AblationSpec spec() {
        return spec;
    }

    public WorkDir work() {
        return work;
    }

    /** A launcher of every run of the spec. */
    public Launcher launcher() {
        return new Launcher(spec, work);
    }

    /** Trains every run of the spec on {@code backend}, its progress lines discarded. */
    public void trainAll(TrainingBackend backend) {
        Launcher launcher = launcher();
        launcher.train(launcher.select(List.of()), backend, Set.of(), quiet());
    }

    /** A stream for a launcher's progress lines that a test does not read. */
    public static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * A spec named {@code name} over this fixture: tokenizer {@code bytes}, seq_len 128, work dir
     * {@code work}, sources {@code text} and {@code code}; {@code rest} adds mixtures, models,
     * training, runs and eval.
     */
    public static String spec(String name, String rest) {
        return "name: "
                + name
                + "\ntokenizer: bytes\nseq_len: 128\nworkdir: work\nsources:\n"
                + "  - {name: text, kind: text, inputs: none.jsonl}\n  - {name: code, kind: code, inputs: none.jsonl}\n"
                + rest;
    }

    /**
     * Writes {@code spec.yaml} (which must name sources {@code text} and {@code code}, tokenizer
     * {@code bytes}), pools and every mixture.
     */
    public static AblationSpec build(Path dir, String specYaml, int documentsPerSource) {
        try {
            Path specFile = dir.resolve("spec.yaml");
            Files.writeString(specFile, specYaml, StandardCharsets.UTF_8);
            AblationSpec spec = SpecLoader.load(specFile);
            WorkDir work = WorkDir.choose(null, spec);
            Map<String, Pool> pools = new LinkedHashMap<>();
            pools.put(
                    "text",
                    pool(
                            work.pools().resolve("text-00000000feed0001"),
                            "text",
                            "text",
                            CurationFixtures.europarl(documentsPerSource)));
            pools.put(
                    "code",
                    pool(
                            work.pools().resolve("code-00000000feed0002"),
                            "code",
                            "code",
                            javaSources(documentsPerSource)));
            for (MixtureSpec mixture : spec.mixtures()) {
                MixtureBuilder.build(
                        spec,
                        mixture,
                        pools,
                        work.mixture(mixture.name()),
                        MixtureBuilder.Options.DEFAULTS.withRowsPerShard(64));
            }
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pool pool(Path dir, String source, String kind, List<String> documents)
            throws IOException {
        try (Tokenizer tokenizer = TokenizerFactory.encoding("bytes").open();
                PoolWriter writer = new PoolWriter(dir, PoolWriter.Options.DEFAULTS)) {
            for (int i = 0; i < documents.size(); i++) {
                String text = documents.get(i);
                int[] body = tokenizer.encode(text);
                int[] ids = java.util.Arrays.copyOf(body, body.length + 1);
                ids[body.length] = tokenizer.eosId();
                PoolRecord.Split split =
                        i % 20 == 0 ? PoolRecord.Split.VALIDATION : PoolRecord.Split.TRAIN;
                writer.write(
                        new PoolRecord(
                                source + "/" + i,
                                source,
                                kind,
                                null,
                                body.length,
                                ids.length,
                                ids,
                                split));
            }
            writer.finish(tokenizer.fingerprint(), tokenizer.eosId(), Map.of());
        }
        return Pool.open(dir);
    }

    /** Java files of the lucene-core sources jar, in jar order. */
    private static List<String> javaSources(int n) throws IOException {
        List<String> sources = new ArrayList<>();
        try (ZipFile jar = new ZipFile(CurationFixtures.luceneSources().toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements() && sources.size() < n) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".java")) continue;
                sources.add(
                        new String(
                                jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sources;
    }
}
