package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.pipelines.storage.ObjectStoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixlab search} end to end on the shipped example, reduced in size: a slice of the real
 * sample corpora (the first 1,000 Europarl speeches, one code artifact, all the markup), 8 proxy
 * runs of 64K tokens instead of 16 of 1M, on Beam's Direct runner. Then a rerun (everything reused,
 * the same proposal), export and import of its CSVs, and the bad inputs.
 */
class SearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = BinMixlab.ROOT.resolve("configs/examples/search.yaml");

    @TempDir static Path dir;
    static Path spec;
    static Path work;
    static Path searchDir;
    static CliRun first;

    @BeforeAll
    static void searchTheReducedExample() throws IOException {
        String yaml =
                SampleSlice.reducedExample(
                        dir,
                        EXAMPLE,
                        "tokens: 1M ",
                        "tokens: 64K ",
                        "swarm: 16 ",
                        "swarm: 8 ",
                        "bootstrap: 200",
                        "bootstrap: 100");
        spec = Files.writeString(dir.resolve("search.yaml"), yaml);
        work = dir.resolve("work");
        searchDir = work.resolve("search/code-text-markup");
        first = search(spec);
    }

    /**
     * The reduced example as a search named {@code name}, with each (old, new) pair of {@code
     * replacements} applied; written to {@code <name>.yaml}. Needs the first search to have run.
     */
    private static Path variant(String name, String... replacements) throws IOException {
        assertThat(first.exitCode()).as(first.err()).isZero();
        String yaml =
                SampleSlice.replaceAll(
                        SampleSlice.replace(
                                Files.readString(spec), "name: code-text-markup", "name: " + name),
                        replacements);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    private static CliRun search(Path file, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "search",
                                file.toString(),
                                "--runner",
                                "direct",
                                "--workdir",
                                work.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** {@code mixlab search import --ratios R --metrics M --objective O [MORE...]}. */
    private static CliRun searchImport(
            Path ratios, Path metrics, String objective, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "search",
                                "import",
                                "--ratios",
                                ratios.toString(),
                                "--metrics",
                                metrics.toString(),
                                "--objective",
                                objective));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** {@code search export} of the reduced example into {@code out}. */
    private static CliRun export(String out) {
        return CliRun.of(
                "search", "export", spec.toString(), "--workdir", work.toString(), "--out", out);
    }

    /** {@code search import} of exported CSVs with the example's objective, prior and seed. */
    private static CliRun fitExported(Path ratios, Path metrics, String out) {
        return searchImport(
                ratios,
                metrics,
                "mean(text_bpb, code_bpb)",
                "--prior",
                "text=0.5",
                "--prior",
                "code=0.4",
                "--prior",
                "markup=0.1",
                "--seed",
                "7",
                "--bootstrap",
                "100",
                "--out",
                out);
    }

    @Test
    void theSearchTrainsTheSwarmFitsProposesAndChecks() throws IOException {
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("== search code-text-markup 1/6: curate the sources")
                .contains("8 mixtures from")
                .contains("8 mixtures of 64K tokens: 8 built, 0 up to date")
                .contains("8 checkpoint(s) evaluated and imported")
                .containsPattern("fit log-linear +objective over 8 runs, 5-fold: R² ")
                .containsPattern(
                        "proposal: text 0\\.\\d{3} code 0\\.\\d{3} markup 0\\.\\d{3}; predicted objective \\d\\.\\d{4} \\[")
                .containsPattern(
                        "check code-text-markup-check-[0-9a-f]{8}-tiny-s8: measured objective \\d\\.\\d{4}, predicted")
                .contains("Report:   " + searchDir.resolve("report.html"));

        List<String> swarm = Files.readAllLines(searchDir.resolve("swarm.csv"));
        assertThat(swarm).hasSize(9);
        assertThat(swarm.get(0)).isEqualTo("mixture,run_id,text,code,markup");
        // The prior is the first member.
        assertThat(swarm.get(1))
                .isEqualTo("code-text-markup-001,code-text-markup-001-tiny-s7,0.5,0.4,0.1");
        List<String> metrics = Files.readAllLines(searchDir.resolve("metrics.csv"));
        assertThat(metrics.get(0)).contains("text_bpb").contains("code_bpb");
        assertThat(metrics).hasSize(9).allSatisfy(line -> assertThat(line).doesNotContain(",,"));
        for (String line : swarm.subList(1, swarm.size())) {
            String run = line.split(",")[1];
            assertThat(work.resolve("runs").resolve(run).resolve("run.json"))
                    .content()
                    .contains("\"status\" : \"completed\"");
        }

        JsonNode proposal = JSON.readTree(searchDir.resolve("proposal.json").toFile());
        assertThat(proposal.path("schema").asText()).isEqualTo("mixlab.search.proposal/1");
        assertThat(proposal.path("runs").asInt()).isEqualTo(8);
        double sum = 0;
        for (String domain : List.of("text", "code", "markup")) {
            double w = proposal.path("weights").path(domain).asDouble();
            assertThat(w).isBetween(0.0, 1.0);
            sum += w;
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        JsonNode objective = proposal.path("predicted").path("objective");
        assertThat(objective.path("low").asDouble())
                .isLessThanOrEqualTo(objective.path("value").asDouble());
        assertThat(objective.path("high").asDouble())
                .isGreaterThanOrEqualTo(objective.path("value").asDouble());
        assertThat(proposal.path("fit").path("log-linear").path("objective").path("runs").asInt())
                .isEqualTo(8);
        assertThat(proposal.path("fit").path("log-ridge").path("text_bpb").has("decision_accuracy"))
                .isTrue();
        assertThat(proposal.path("interactions").path("code_bpb").path("code").has("low")).isTrue();
        JsonNode check = proposal.path("check");
        assertThat(check.path("run").asText())
                .matches("code-text-markup-check-[0-9a-f]{8}-tiny-s8");
        // The measured objective is the mean of the measured bits per byte.
        JsonNode measured = check.path("measured");
        assertThat(measured.path("objective").asDouble())
                .isCloseTo(
                        (measured.path("text_bpb").asDouble()
                                        + measured.path("code_bpb").asDouble())
                                / 2,
                        within(1e-12));
        assertThat(measured.path("text_bpb").asDouble()).isBetween(1.0, 8.0);

        String html = Files.readString(searchDir.resolve("report.html"));
        assertThat(html)
                .contains(
                        "<h2>Fit quality</h2>",
                        "<h2>Interaction matrix</h2>",
                        "<h2>Predicted vs measured</h2>")
                .contains(
                        "id=\"predicted-vs-measured\"",
                        "id=\"interactions\"",
                        "id=\"objective-vs-code-share\"")
                .contains("data:image/png;base64,");
        assertThat(searchDir.resolve("report.md"))
                .content()
                .contains("| objective (min: 0.5·text_bpb + 0.5·code_bpb) |");
    }

    @Test
    void aRerunReusesEverythingAndProposesTheSameMixture() throws IOException {
        assertThat(first.exitCode()).as(first.err()).isZero();
        byte[] proposal = Files.readAllBytes(searchDir.resolve("proposal.json"));
        CliRun again = search(spec);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out())
                .contains("swarm: " + searchDir.resolve("swarm.csv") + " (unchanged)")
                .contains("8 mixtures of 64K tokens: 0 built, 8 up to date")
                .contains("(up to date)");
        assertThat(Files.readAllBytes(searchDir.resolve("proposal.json"))).isEqualTo(proposal);
    }

    @Test
    void exportWritesTheSwarmAsCsvsThatImportFitsToTheSameProposal() throws IOException {
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path exported = dir.resolve("exported");
        CliRun export = export(exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 8 runs (8 with results) × 3 domains");
        assertThat(exported.resolve("ratios.csv"))
                .hasSameTextualContentAs(searchDir.resolve("ratios.csv"));
        assertThat(exported.resolve("metrics.csv"))
                .hasSameTextualContentAs(searchDir.resolve("metrics.csv"));

        Path imported = dir.resolve("imported");
        CliRun fit =
                fitExported(
                        exported.resolve("ratios.csv"),
                        exported.resolve("metrics.csv"),
                        imported.toString());
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out())
                .contains("imported 8 runs, 3 domains (text, code, markup)")
                .contains("report: " + imported.resolve("report.html"));
        JsonNode fromSpec = JSON.readTree(searchDir.resolve("proposal.json").toFile());
        JsonNode fromCsv = JSON.readTree(imported.resolve("proposal.json").toFile());
        for (String domain : List.of("text", "code", "markup"))
            assertThat(fromCsv.path("weights").path(domain).asDouble())
                    .as(domain)
                    .isCloseTo(fromSpec.path("weights").path(domain).asDouble(), within(1e-9));
        assertThat(fromCsv.path("predicted").path("objective"))
                .isEqualTo(fromSpec.path("predicted").path("objective"));
    }

    @Test
    void exportAndImportWorkWithCsvsAndProposalInABucket() throws Exception {
        assertThat(first.exitCode()).as(first.err()).isZero();
        System.setProperty("aws.accessKeyId", "mixlab-test");
        System.setProperty("aws.secretAccessKey", "mixlab-test");
        try (S3ProxyServer s3 =
                S3ProxyServer.start(
                        Files.createDirectories(dir.resolve("s3")), null, null, "swarms")) {
            ObjectStorageTest.useEndpoint(s3.endpoint());
            CliRun export = export("s3://swarms/swarm");
            assertThat(export.exitCode()).as(export.err()).isZero();
            assertThat(export.out())
                    .contains("exported 8 runs (8 with results) × 3 domains")
                    .contains("to s3://swarms/swarm/ratios.csv and s3://swarms/swarm/metrics.csv");
            Path stored = s3.baseDir().resolve("swarms/swarm");
            for (String csv : List.of("ratios.csv", "metrics.csv"))
                assertThat(Files.readAllBytes(stored.resolve(csv)))
                        .as(csv)
                        .isEqualTo(Files.readAllBytes(searchDir.resolve(csv)));
            CliRun fit =
                    fitExported(
                            StoragePaths.of("s3://swarms/swarm/ratios.csv"),
                            StoragePaths.of("s3://swarms/swarm/metrics.csv"),
                            "s3://swarms/proposal");
            assertThat(fit.exitCode()).as(fit.err()).isZero();
            JsonNode fromSpec = JSON.readTree(searchDir.resolve("proposal.json").toFile());
            JsonNode fromBucket =
                    JSON.readTree(s3.baseDir().resolve("swarms/proposal/proposal.json").toFile());
            for (String domain : List.of("text", "code", "markup"))
                assertThat(fromBucket.path("weights").path(domain).asDouble())
                        .as(domain)
                        .isCloseTo(fromSpec.path("weights").path(domain).asDouble(), within(1e-9));
            assertThat(s3.baseDir().resolve("swarms/proposal/report.html")).isRegularFile();
            CliRun missing = export("s3://no-such-bucket/swarm");
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err().strip())
                    .doesNotContain("\n")
                    .contains("--out s3://no-such-bucket/swarm", "bucket does not exist");
            // No lock object or temporary object is left beside the outputs.
            try (var walk = Files.walk(s3.baseDir().resolve("swarms"))) {
                assertThat(walk.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("."));
            }
        } finally {
            ObjectStoreSettings.fromEnvironment(System.getenv()).apply();
        }
    }

    @Test
    void anObjectiveNamingAMetricNoRunWillHaveStopsBeforeAnythingRuns() throws IOException {
        CliRun run = search(variant("typo", "mean(text_bpb, code_bpb)", "mean(text_bpb, cod_bpb)"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith(
                        "mixlab search: search.objective names metric 'cod_bpb', which no run will have (did you mean 'code_bpb'?)")
                .contains(
                        "measures: text_bpb, text_loss, code_bpb, code_loss, markup_bpb, markup_loss")
                .doesNotContain("\n");
        assertThat(run.out()).doesNotContain("curate");
    }

    @Test
    void aSwarmEveryDrawOfWhichBreaksTheCapsNamesTheBindingDomainAndItsSupply() throws IOException {
        CliRun run =
                search(
                        variant(
                                "markup-heavy",
                                "prior: {text: 0.5, code: 0.4, markup: 0.1}",
                                "prior: {text: 0.05, code: 0.05, markup: 0.9}",
                                "concentrations: {min: 0.3, max: 10, steps: 6}",
                                "concentrations: [50, 100]",
                                "max_repetition: {markup: 8}",
                                "max_repetition: {markup: 0.5}"));
        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.err())
                .contains("no swarm mixture fits the repetition caps")
                .containsPattern(
                        "domain 'markup' \\(markup\\) has [0-9,]+ train tokens in its pools × max_repetition 0.5, so it can fill at most \\d+\\.\\d% of a 64K-token mixture")
                .contains("raise search.max_repetition.markup");
        assertThat(work.resolve("search/markup-heavy/swarm.csv")).doesNotExist();
    }

    @Test
    void aSecondSearchOfTheSameNameStopsBeforeWritingWhileTheFirstHoldsItsLock()
            throws IOException {
        assertThat(first.exitCode()).as(first.err()).isZero();
        byte[] proposal = Files.readAllBytes(searchDir.resolve("proposal.json"));
        try (OutputLock held = new WorkDir(work).store().lock(searchDir, "mixlab search")) {
            CliRun run = search(spec);
            assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
            assertThat(run.err()).contains(searchDir.toString()).contains("is being written by");
            assertThat(run.out()).doesNotContain("curate");
        }
        assertThat(searchDir.resolve("proposal.json")).hasBinaryContent(proposal);
    }

    @Test
    void tooFewFinishedRunsExitOneWithTheCountNeeded() throws IOException {
        CliRun run =
                search(
                        variant(
                                "failing",
                                "  checkpoint_every: 50",
                                "  checkpoint_every: 50\n  command: {template: 'exit 3'}"),
                        "--backend",
                        "command");
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out())
                .contains("failing-001-tiny-s7: failed")
                .contains("continuing with the other runs");
        assertThat(run.err())
                .contains(
                        "fitting needs at least 6 finished runs with every objective metric (text_bpb, code_bpb)")
                .contains("0 of 8 runs have them")
                .contains("failed runs: failing-001-tiny-s7");
    }

    @Test
    void importRejectsRatiosThatDoNotSumToOneAndUnknownDomains() throws IOException {
        Path ratios =
                Files.writeString(
                        dir.resolve("bad-ratios.csv"), "run_id,text,code\na,0.5,0.5\nb,0.7,0.2\n");
        Path metrics = Files.writeString(dir.resolve("bad-metrics.csv"), "run_id,x\na,1\nb,2\n");
        CliRun sums = searchImport(ratios, metrics, "x");
        assertThat(sums.exitCode()).isEqualTo(2);
        assertThat(sums.err())
                .contains(ratios + ":3: the weights of run 'b' sum to 0.900000, not 1 (±0.01)");
        Path good =
                Files.writeString(
                        dir.resolve("good-ratios.csv"), "run_id,text,code\na,0.5,0.5\nb,0.7,0.3\n");
        CliRun domain = searchImport(good, metrics, "x", "--max-weight", "cod=0.5");
        assertThat(domain.exitCode()).isEqualTo(2);
        assertThat(domain.err())
                .contains("--max-weight cod: no such domain in ratios.csv (did you mean 'code'?)");
        CliRun metric = searchImport(good, metrics, "mean(x, y)");
        assertThat(metric.exitCode()).isEqualTo(2);
        assertThat(metric.err())
                .contains(
                        "the objective names metric 'y', which no run has (did you mean 'x'?); metrics: x");
        CliRun few = searchImport(good, metrics, "x");
        assertThat(few.exitCode()).isEqualTo(1);
        assertThat(few.err()).contains("fitting needs at least 5 finished runs");
    }
}
