package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3: an input file that vanishes while its source is curated, then comes back
 * unchanged, must not leave a pool that a later curate reuses as if every document had been read.
 */
class VanishedInputCurationTest {
    private static final int FILES = 5;
    private static final int DOCUMENTS_PER_FILE = 100;

    @TempDir Path dir;

    @Test
    void aFileThatVanishesMidRunAndComesBackIsCuratedInFullNextTime() throws Exception {
        List<String> europarl = CurationFixtures.europarl(FILES * DOCUMENTS_PER_FILE);
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder lines = new StringBuilder();
            for (int d = f * DOCUMENTS_PER_FILE; d < (f + 1) * DOCUMENTS_PER_FILE; d++)
                lines.append(CurationFixtures.jsonl(String.format("ep-%04d", d), europarl.get(d)));
            Files.writeString(corpus.resolve("part-" + f + ".jsonl"), lines);
        }
        Path spec = dir.resolve("vanish.yaml");
        Files.writeString(
                spec,
                """
                tokenizer: bytes
                sources:
                  - {name: text, kind: text, inputs: corpus/*.jsonl, heldout_fraction: 0.1,
                     dedup: {exact: false, near: {enabled: false}},
                     filters: {language_id: false, language: false, gopher_quality: false,
                               gopher_repetition: false, c4: false, fineweb: false}}
                """);
        Path vanishing = corpus.resolve("part-3.jsonl");
        Path away = dir.resolve("part-3.jsonl");

        // The file goes away once the job is planned (its fingerprint taken), before it is read.
        ByteArrayOutputStream firstLog = new ByteArrayOutputStream();
        PrintStream log =
                new PrintStream(
                        new MoveOnLine("text: curating", vanishing, away, firstLog),
                        true,
                        StandardCharsets.UTF_8);
        Curator curator =
                new Curator(
                        SpecLoader.load(spec),
                        new WorkDir(dir.resolve("work")),
                        RunnerChoice.direct(),
                        CurationFixtures.LIMITS,
                        log);
        assertThatThrownBy(() -> curator.curate(List.of(), false))
                .hasMessageContaining(
                        "input " + vanishing + " vanished while the pool of source 'text'")
                .hasMessageContaining("nothing was kept under the pools' final names");
        assertThat(away).exists();
        try (Stream<Path> pools = Files.list(dir.resolve("work/pools"))) {
            assertThat(pools.filter(p -> !p.getFileName().toString().startsWith(".")))
                    .as("no pool published")
                    .isEmpty();
        }

        Files.move(away, vanishing); // back, with the same size and modification time
        CurationFixtures.Run again =
                CurationFixtures.curate(spec, dir.resolve("work"), RunnerChoice.direct(), false);
        assertThat(again.log()).doesNotContain("pool is up to date");
        assertThat(again.only().reused()).isFalse();
        assertThat(
                        again.only().stats().trainDocuments()
                                + again.only().stats().validationDocuments())
                .isEqualTo(FILES * DOCUMENTS_PER_FILE);

        CurationFixtures.Run reference =
                CurationFixtures.curate(
                        spec, dir.resolve("reference"), RunnerChoice.direct(), false);
        assertThat(again.only().poolDir().getFileName())
                .isEqualTo(reference.only().poolDir().getFileName());
        assertThat(hashes(again.only().poolDir())).isEqualTo(hashes(reference.only().poolDir()));
        try (Stream<Path> left = Files.list(dir.resolve("work/pools"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the failed run's staging directory is gone")
                    .noneMatch(name -> name.contains(".partial"));
        }
    }

    private static Map<String, String> hashes(Path pool) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(pool)) {
            for (Path file : files.filter(f -> !f.endsWith("run.json")).toList())
                hashes.put(file.getFileName().toString(), Sha256.hexOf(file));
        }
        return hashes;
    }

    /** Passes the log through and moves a file away when a line starting with a prefix appears. */
    private static final class MoveOnLine extends OutputStream {
        private final String prefix;
        private final Path from;
        private final Path to;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();

        MoveOnLine(String prefix, Path from, Path to, OutputStream out) {
            this.prefix = prefix;
            this.from = from;
            this.to = to;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b != '\n') {
                line.append((char) b);
                return;
            }
            if (line.toString().startsWith(prefix) && Files.exists(from)) {
                try {
                    Files.move(from, to);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            line.setLength(0);
        }
    }
}
