package dev.mixlab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.eval.importers.ResultImporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
    @TempDir Path dir;

    @Test
    void storesWhatWasImportedAndReadsItBackUnchanged() throws Exception {
        Path file =
                HarnessOutput.fixture(
                        "lm-eval-0.4/pythia-160m/results_2024-06-03T09-14-27.512345.json", dir);
        ResultsStore store = ResultsStore.open(dir.resolve("work"));
        ResultsStore.StoredImport stored = store.importFile(file, "pythia-160m", "final");

        assertThat(stored.parquet()).hasParent(dir.resolve("work/results")).exists();
        assertThat(stored.parquet().getFileName().toString())
                .startsWith("pythia-160m--results_2024-06-03T09-14-27.512345.json--")
                .endsWith(".parquet");
        assertThat(store.results())
                .containsExactlyElementsOf(
                        ResultImporters.read(file, "pythia-160m", "final").results());
    }

    @Test
    void reimportingTheSameFileReplacesIt() throws Exception {
        ResultsStore store = ResultsStore.open(dir);
        Path file =
                new HarnessOutput()
                        .task("piqa", "acc_norm", 0.61, 0.01, 1838)
                        .write(dir.resolve("eval"));
        store.importFile(file, "r1", "pretrain");
        new HarnessOutput().task("piqa", "acc_norm", 0.64, 0.01, 1838).write(dir.resolve("eval"));
        store.importFile(file, "r1", "pretrain");
        store.importFile(file, "r2", "pretrain");

        assertThat(store.results())
                .extracting(r -> r.run() + " " + r.value())
                .containsExactlyInAnyOrder("r1 0.64", "r2 0.64");
        try (Stream<Path> files = Files.list(store.directory())) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet"))).hasSize(2);
        }
    }

    @Test
    void keepsPerExampleScoresApartAndDropsThemWhenAReimportHasNone() throws Exception {
        ResultsStore store = ResultsStore.open(dir);
        Path file = new HarnessOutput().examples("copa", 1, 0, 1).write(dir.resolve("eval"));
        store.importFile(file, "r1");
        assertThat(store.samples()).extracting(SampleScore::docId).containsExactly(0L, 1L, 2L);

        Files.delete(dir.resolve("eval/samples_copa_" + HarnessOutput.TIMESTAMP + ".jsonl"));
        store.importFile(file, "r1");
        assertThat(store.samples()).isEmpty();
        assertThat(store.results()).hasSize(1);
    }

    @Test
    void aMalformedFileInABatchStoresNothing() throws Exception {
        ResultsStore store = ResultsStore.open(dir);
        Path good =
                new HarnessOutput().task("piqa", "acc", 0.6, 0.01, 1838).write(dir.resolve("good"));
        Path bad =
                Files.writeString(
                        dir.resolve("bad.json"),
                        "{\"results\": {\"piqa\": {\"acc,none\": [0.6]}}}");

        assertThatThrownBy(() -> store.importFiles(List.of(good, bad), "r1", null))
                .isInstanceOf(EvalInputException.class)
                .hasMessageContaining("bad.json");
        assertThat(store.results()).isEmpty();
        assertThat(store.directory()).doesNotExist();
    }

    /** The query docs/EVAL.md shows. */
    @Test
    void duckDbReadsTheStoreWithTheDocumentedQuery() throws Exception {
        ResultsStore store = ResultsStore.open(dir);
        store.importFile(
                HarnessOutput.fixture("lm-eval-0.3/pythia-160m-results.json", dir), "pythia-160m");
        store.importFile(
                HarnessOutput.fixture("bigcode/evaluation_results.json", dir), "tiny-starcoder");

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT run, task, metric, value FROM '"
                                        + store.directory()
                                        + "/*.parquet' "
                                        + "WHERE metric IN ('acc_norm', 'pass@1') ORDER BY run, task")) {
            StringBuilder seen = new StringBuilder();
            while (rows.next())
                seen.append(rows.getString(1))
                        .append(' ')
                        .append(rows.getString(2))
                        .append(' ')
                        .append(rows.getDouble(4))
                        .append('\n');
            assertThat(seen.toString())
                    .isEqualTo(
                            """
                    pythia-160m arc_easy 0.4006734006734007
                    pythia-160m piqa 0.6175190424374319
                    tiny-starcoder humaneval 0.0871951219512195
                    tiny-starcoder mbpp 0.1184
                    """);
        }
    }
}
