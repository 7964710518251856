package dev.mixlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.filters.decontaminate.EvalIndex.ItemContamination;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.ContaminationShares;
import dev.mixlab.mixtures.pool.PoolContamination;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.read.ReadLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "contamination",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark contamination found while curating (the decontamination: section, docs/CURATION.md): per pool and "
                    + "evaluation set, the documents touched, n-gram spans and characters removed, and the share of the set's "
                    + "items that overlap any document of the pool.",
            "--ablation FILE.yaml also gives, per mixture, the share of items that overlap any of the pools it draws from."
        })
final class ContaminationCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKDIR", description = "The work directory.")
    Path workDir;

    @Option(
            names = "--ablation",
            paramLabel = "FILE.yaml",
            description = "Report the mixtures of this spec through their current pools.")
    Path ablation;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        WorkDir dir = new WorkDir(workDir);
        if (!Files.isDirectory(dir.pools()))
            throw new UsageException(
                    workDir + " has no pools/ directory; give the work directory of a curation");
        PrintWriter out = command.commandLine().getOut();
        Map<String, List<ItemContamination>> byPool = new LinkedHashMap<>();
        out.printf(
                "%-28s %-16s %9s %7s %11s %9s %9s %9s%n",
                "pool", "set", "items", "share", "overlapped", "docs", "spans", "chars");
        for (Path pool : publishedPools(dir.pools())) {
            List<ItemContamination> items = PoolContamination.read(pool);
            if (items.isEmpty()) continue;
            byPool.put(pool.getFileName().toString(), items);
            JsonNode sets =
                    PoolStats.read(pool.resolve(PoolStats.FILE_NAME))
                            .extra()
                            .getOrDefault("decontamination", null);
            ContaminationShares.of(List.of(items))
                    .forEach(
                            (set, share) -> {
                                JsonNode s = sets == null ? null : sets.path("sets").path(set);
                                out.printf(
                                        Locale.ROOT,
                                        "%-28s %-16s %9d %6.1f%% %11d %9d %9d %9d%n",
                                        pool.getFileName(),
                                        set,
                                        share.items(),
                                        100 * share.fraction(),
                                        share.overlapped(),
                                        s == null ? 0 : s.path("docs_touched").asLong(),
                                        s == null ? 0 : s.path("spans").asLong(),
                                        s == null ? 0 : s.path("chars_removed").asLong());
                            });
        }
        if (byPool.isEmpty())
            out.println(
                    "no pool in "
                            + dir.pools()
                            + " was curated with a decontamination: section, so no contamination was looked for");
        if (ablation != null) printMixtures(out, SpecLoader.load(ablation), dir);
        out.flush();
        return ExitCodes.OK;
    }

    private static void printMixtures(PrintWriter out, AblationSpec spec, WorkDir dir) {
        out.println();
        out.printf("%-20s %-16s %9s %7s %11s%n", "mixture", "set", "items", "share", "overlapped");
        Map<String, Path> poolOf = new LinkedHashMap<>();
        for (SourceSpec source : spec.sources())
            poolOf.put(source.name(), dir.pool(spec, source, ReadLimits.DEFAULT.toString()));
        for (MixtureSpec mixture : spec.mixtures()) {
            List<List<ItemContamination>> pools = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            mixture.weights()
                    .forEach(
                            (source, weight) -> {
                                if (weight <= 0) return;
                                Path pool = poolOf.get(source);
                                if (!Files.isRegularFile(pool.resolve(PoolStats.FILE_NAME)))
                                    missing.add(source);
                                else pools.add(PoolContamination.read(pool));
                            });
            if (!missing.isEmpty()) {
                out.printf(
                        "%-20s (not curated for the current spec: %s; run mixlab curate)%n",
                        mixture.name(), String.join(", ", missing));
                continue;
            }
            Map<String, ContaminationShares.Share> shares = ContaminationShares.of(pools);
            if (shares.isEmpty())
                out.printf("%-20s (no decontamination set applies to its pools)%n", mixture.name());
            shares.forEach(
                    (set, share) ->
                            out.printf(
                                    Locale.ROOT,
                                    "%-20s %-16s %9d %6.1f%% %11d%n",
                                    mixture.name(),
                                    set,
                                    share.items(),
                                    100 * share.fraction(),
                                    share.overlapped()));
        }
    }

    private static List<Path> publishedPools(Path pools) {
        try (Stream<Path> dirs = Files.list(pools)) {
            return dirs.filter(p -> Files.isRegularFile(p.resolve(PoolStats.FILE_NAME)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pools + ": " + e.getMessage(), e);
        }
    }
}
