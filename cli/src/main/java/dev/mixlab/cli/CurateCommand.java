package dev.mixlab.cli;

import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.read.ReadLimits;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "curate",
        mixinStandardHelpOptions = true,
        description = {
            "Curate every source of an ablation into a tokenized pool: read, normalise, exact and MinHash-LSH "
                    + "near dedup, quality/language/code filters, PII redaction, tokenize, held-out split (Beam; embedded Flink by default).",
            "Pools go to WORKDIR/pools/<source>-<fingerprint>/ with stats.json and quarantine.jsonl; an up-to-date pool is reused."
        })
final class CurateCommand implements Callable<Integer> {
    @Mixin SpecOptions ablation;

    @Mixin RunnerOptions runner;

    @Option(
            names = "--source",
            paramLabel = "NAME",
            split = ",",
            description = "Only these sources (default: all).")
    List<String> sources = List.of();

    @Option(names = "--force", description = "Rebuild pools even when they are up to date.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = ablation.load();
        for (String source : sources) {
            if (spec.source(source).isEmpty())
                throw new UsageException(
                        "--source " + source + ": no such source in " + ablation.file);
        }
        Curator curator =
                new Curator(
                        spec,
                        ablation.workDir(spec),
                        runner.choice(),
                        ReadLimits.DEFAULT,
                        Terminal.err());
        curate(curator, sources, force, command.commandLine().getOut());
        return ExitCodes.OK;
    }

    /**
     * Curates {@code sources} (all when empty), printing one line per pool. Missing inputs are a
     * {@link Curator.MissingInputsException}, an invalid request (exit 2).
     */
    static List<Curator.PoolResult> curate(
            Curator curator, List<String> sources, boolean force, PrintWriter out) {
        List<Curator.PoolResult> pools = curator.curate(sources, force);
        for (Curator.PoolResult pool : pools) {
            out.printf(
                    Locale.ROOT,
                    "pool %-11s %s %s (train %,d tokens)%n",
                    pool.source(),
                    pool.reused() ? "reused" : "built ",
                    pool.poolDir(),
                    pool.stats().trainTokens());
        }
        out.flush();
        return pools;
    }
}
