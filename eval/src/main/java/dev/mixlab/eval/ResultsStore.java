package dev.mixlab.eval;

import dev.mixlab.eval.importers.ImportedFile;
import dev.mixlab.eval.importers.ResultImporters;
import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import dev.mixlab.io.Sha256;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.WorkDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Evaluation results of a work directory, as Parquet under {@code <workdir>/results/} (schema and
 * DuckDB queries in docs/EVAL.md). Each imported file becomes one {@code
 * results/<run>--<file>--<hash>.parquet} (and, when it came with per-example scores, {@code
 * results/samples/<same name>}), named by the run and the file's absolute path: importing the same
 * file for the same run again replaces it, never duplicates. Files are written under a temporary
 * name and renamed, so readers never see half a file.
 *
 * <p>The API the launcher uses after a proxy evaluation:
 *
 * <pre>{@code
 * ResultsStore store = ResultsStore.open(workdir);
 * store.importFile(workdir.resolve("runs/" + runId + "/eval/" + phase + ".json"), runId, phase);
 * }</pre>
 *
 * Reading and writing go through DuckDB (in memory, one thread), the engine the documented ad-hoc
 * queries use.
 */
public final class ResultsStore {
    public static final String SAMPLES_DIR = "samples";
    private static final String RESULT_COLUMNS =
            "run VARCHAR NOT NULL, phase VARCHAR, task VARCHAR NOT NULL, metric VARCHAR NOT NULL, "
                    + "filter_name VARCHAR, value DOUBLE NOT NULL, stderr DOUBLE, n_samples BIGINT, higher_is_better BOOLEAN, opponent VARCHAR, "
                    + "is_group BOOLEAN NOT NULL, format VARCHAR NOT NULL, source_file VARCHAR NOT NULL";
    private static final String SAMPLE_COLUMNS =
            "run VARCHAR NOT NULL, phase VARCHAR, task VARCHAR NOT NULL, metric VARCHAR NOT NULL, "
                    + "filter_name VARCHAR, doc_id BIGINT NOT NULL, value DOUBLE NOT NULL";

    private final Path directory;

    private ResultsStore(Path directory) {
        this.directory = directory;
    }

    /** The store of {@code <workdir>/results/} (created on the first import). */
    public static ResultsStore open(Path workdir) {
        return new ResultsStore(new WorkDir(workdir).results());
    }

    public Path directory() {
        return directory;
    }

    /** What one import wrote. */
    public record StoredImport(ImportedFile imported, Path parquet) {}

    /** {@link #importFile(Path, String, String)} without a phase. */
    public StoredImport importFile(Path file, String run) {
        return importFile(file, run, null);
    }

    /**
     * Reads {@code file} (any format of {@link ResultImporters}) and stores its results for {@code
     * run} at {@code phase}.
     *
     * @throws EvalInputException when the file is malformed (nothing is stored)
     */
    public StoredImport importFile(Path file, String run, String phase) {
        return importFiles(List.of(file), run, phase).get(0);
    }

    /**
     * Reads every file first and stores them only when all of them are valid: a bad file in a batch
     * stores nothing.
     */
    public List<StoredImport> importFiles(List<Path> files, String run, String phase) {
        List<ImportedFile> imported =
                files.stream().map(file -> ResultImporters.read(file, run, phase)).toList();
        List<StoredImport> stored = new ArrayList<>();
        for (ImportedFile file : imported) stored.add(store(file, run));
        return stored;
    }

    /**
     * Removes what was imported for {@code run} from files under {@code dir} (an evaluator's output
     * directory about to be refilled), so results of an earlier evaluation are not kept beside the
     * new ones; returns how many imports were removed.
     */
    public int forgetImportsUnder(String run, Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        java.util.Set<Path> sources = new java.util.LinkedHashSet<>();
        for (EvalResult r : results()) {
            if (r.run().equals(run) && r.sourceFile() != null) {
                Path source = StoragePaths.of(r.sourceFile()).toAbsolutePath().normalize();
                if (source.startsWith(absolute)) sources.add(source);
            }
        }
        try {
            for (Path source : sources) {
                String name = fileName(run, source);
                Files.deleteIfExists(directory.resolve(name));
                Files.deleteIfExists(directory.resolve(SAMPLES_DIR).resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old results from " + directory, e);
        }
        return sources.size();
    }

    private StoredImport store(ImportedFile imported, String run) {
        String name = fileName(run, imported.file());
        Path samplesFile = directory.resolve(SAMPLES_DIR).resolve(name);
        Path resultsFile = directory.resolve(name);
        try (Connection db = connect()) {
            if (imported.samples().isEmpty()) {
                Files.deleteIfExists(samplesFile);
            } else {
                writeAtomically(
                        db,
                        samplesFile,
                        "samples",
                        SAMPLE_COLUMNS,
                        appender -> {
                            for (SampleScore s : imported.samples()) {
                                appender.beginRow().append(s.run());
                                nullable(appender, s.phase()).append(s.task()).append(s.metric());
                                nullable(appender, s.filter())
                                        .append(s.docId())
                                        .append(s.value())
                                        .endRow();
                            }
                        });
            }
            writeAtomically(
                    db,
                    resultsFile,
                    "results",
                    RESULT_COLUMNS,
                    appender -> {
                        for (EvalResult r : imported.results()) {
                            appender.beginRow().append(r.run());
                            nullable(appender, r.phase()).append(r.task()).append(r.metric());
                            nullable(appender, r.filter()).append(r.value());
                            nullable(appender, r.stderr());
                            nullable(appender, r.samples());
                            nullable(appender, r.higherIsBetter());
                            nullable(appender, r.opponent())
                                    .append(r.group())
                                    .append(r.format())
                                    .append(r.sourceFile())
                                    .endRow();
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot write " + resultsFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + resultsFile + ": " + e.getMessage(), e);
        }
        return new StoredImport(imported, resultsFile);
    }

    /** Every stored result, file by file (sorted by name), in import order within a file. */
    public List<EvalResult> results() {
        List<EvalResult> results = new ArrayList<>();
        query(
                parquetFiles(directory),
                rows ->
                        results.add(
                                new EvalResult(
                                        rows.getString("run"),
                                        rows.getString("phase"),
                                        rows.getString("task"),
                                        rows.getString("metric"),
                                        rows.getString("filter_name"),
                                        rows.getDouble("value"),
                                        rows.getObject("stderr", Double.class),
                                        rows.getObject("n_samples", Long.class),
                                        rows.getObject("higher_is_better", Boolean.class),
                                        rows.getString("opponent"),
                                        rows.getBoolean("is_group"),
                                        rows.getString("format"),
                                        rows.getString("source_file"))));
        return results;
    }

    /** Every stored per-example score. */
    public List<SampleScore> samples() {
        List<SampleScore> samples = new ArrayList<>();
        query(
                parquetFiles(directory.resolve(SAMPLES_DIR)),
                rows ->
                        samples.add(
                                new SampleScore(
                                        rows.getString("run"),
                                        rows.getString("phase"),
                                        rows.getString("task"),
                                        rows.getString("metric"),
                                        rows.getString("filter_name"),
                                        rows.getLong("doc_id"),
                                        rows.getDouble("value"))));
        return samples;
    }

    /**
     * {@code <run>--<file name>--<first 10 hex of SHA-256(run, absolute path)>.parquet}: readable,
     * and unique per (run, file).
     */
    static String fileName(String run, Path file) {
        String owner = run == null ? "all-models" : run;
        String key = owner + "\u0000" + file.toAbsolutePath().normalize();
        return safe(owner)
                + "--"
                + safe(file.getFileName().toString())
                + "--"
                + HexFormat.of()
                        .formatHex(Sha256.digest(key.getBytes(StandardCharsets.UTF_8)), 0, 5)
                + ".parquet";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    private interface Rows {
        void append(DuckDBAppender appender) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private static void writeAtomically(
            Connection db, Path target, String table, String columns, Rows rows)
            throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("CREATE OR REPLACE TABLE " + table + " (" + columns + ")");
            try (DuckDBAppender appender =
                    db.unwrap(DuckDBConnection.class)
                            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                rows.append(appender);
            }
            // The temporary name is a dot name that does not end in .parquet: globs such as
            // results/*.parquet never match a half-written file.
            Publish.file(
                    target,
                    temporary ->
                            throughLocalFile(
                                    temporary,
                                    local -> {
                                        try {
                                            sql.execute(
                                                    "COPY "
                                                            + table
                                                            + " TO "
                                                            + literal(local)
                                                            + " (FORMAT parquet, COMPRESSION zstd)");
                                        } catch (SQLException e) {
                                            throw new IOException(e.getMessage(), e);
                                        }
                                    }));
        }
    }

    /**
     * Runs {@code write} on {@code target}, or, when {@code target} is in an object store (which
     * DuckDB reaches only through its httpfs extension, not installed offline), on a local
     * temporary file then uploaded. Result tables are kilobytes.
     */
    private static void throughLocalFile(Path target, Publish.Writer write) throws IOException {
        if (StoragePaths.isLocal(target)) {
            write.write(target);
            return;
        }
        Path local = Files.createTempFile("mixlab-results-", ".parquet");
        try {
            Files.delete(local); // DuckDB creates it
            write.write(local);
            Files.copy(local, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** {@code files} as DuckDB can read them: local copies of those in an object store. */
    private static List<Path> readable(List<Path> files, Path copies) throws IOException {
        List<Path> local = new ArrayList<>();
        for (Path file : files) {
            if (StoragePaths.isLocal(file)) {
                local.add(file);
                continue;
            }
            Path copy = copies.resolve(local.size() + "-" + file.getFileName());
            Files.copy(file, copy);
            local.add(copy);
        }
        return local;
    }

    private static void query(List<Path> files, RowReader reader) {
        if (files.isEmpty()) return;
        Path copies = null;
        try {
            copies = Files.createTempDirectory("mixlab-results-");
            StringBuilder list = new StringBuilder();
            for (Path file : readable(files, copies))
                list.append(list.isEmpty() ? "" : ", ").append(literal(file));
            try (Connection db = connect();
                    Statement sql = db.createStatement();
                    ResultSet rows =
                            sql.executeQuery(
                                    "SELECT * FROM read_parquet(["
                                            + list
                                            + "], union_by_name = true)")) {
                while (rows.next()) reader.read(rows);
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(
                    "cannot read the results store "
                            + files.get(0).getParent()
                            + ": "
                            + e.getMessage(),
                    e);
        } finally {
            if (copies != null) FileTrees.deleteQuietly(copies);
        }
    }

    private static List<Path> parquetFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f ->
                                    f.getFileName().toString().endsWith(".parquet")
                                            && !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect() throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement sql = db.createStatement()) {
            // The machine is shared: one thread and a small memory cap are plenty for result
            // tables.
            sql.execute("SET threads = 1");
            sql.execute("SET memory_limit = '512MB'");
        }
        return db;
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static DuckDBAppender nullable(DuckDBAppender appender, Object value)
            throws SQLException {
        if (value == null) return appender.appendNull();
        if (value instanceof String s) return appender.append(s);
        if (value instanceof Double d) return appender.append(d.doubleValue());
        if (value instanceof Long l) return appender.append(l.longValue());
        if (value instanceof Boolean b) return appender.append(b.booleanValue());
        throw new IllegalArgumentException("no column type for " + value.getClass());
    }
}
