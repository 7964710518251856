package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.pipelines.mix.Mixer;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "mix",
        mixinStandardHelpOptions = true,
        description = {
            "Build mixtures from the curated pools as Parquet token shards at exact proportions (Beam; embedded Flink by default).",
            "Each source uses its pool for its current inputs and settings (run curate or build first). Shards and manifest.json go to "
                    + "WORKDIR/mixtures/<mixture>/ (validation split under validation/); an up-to-date mixture is reused.",
            "A source that cannot supply its share within max_repetition stops the command with exit 2 before anything is written."
        })
final class MixCommand implements Callable<Integer> {
    @Mixin SpecOptions ablation;

    @Mixin RunnerOptions runner;

    @Mixin MixtureSelection selection;

    @Option(names = "--force", description = "Rebuild mixtures even when they are up to date.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = ablation.load();
        List<String> mixtures = MixtureSelection.names(selection.selected(spec, ablation.file));
        PrintWriter out = command.commandLine().getOut();
        print(out, mixer(spec, ablation.workDir(spec), runner.choice()).mix(mixtures, force));
        out.flush();
        return ExitCodes.OK;
    }

    /** The mixer of the pools {@code curate} builds (default read limits). */
    static Mixer mixer(AblationSpec spec, WorkDir dir, RunnerChoice runner) {
        return new Mixer(
                spec,
                dir,
                ReadLimits.DEFAULT,
                runner,
                MixtureBuilder.Options.DEFAULTS,
                Terminal.err());
    }

    /** One line per mixture: what happened, where, and the achieved token share of each source. */
    static void print(PrintWriter out, List<Mixer.MixResult> results) {
        for (Mixer.MixResult result : results) {
            MixtureManifest.SplitSummary train = result.manifest().train();
            StringBuilder shares = new StringBuilder();
            long documentTokens = train.tokens() - train.paddedTokens();
            train.sources()
                    .forEach(
                            (source, s) ->
                                    shares.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    " %s %.2f%%",
                                                    source,
                                                    documentTokens == 0
                                                            ? 0.0
                                                            : 100.0
                                                                    * s.tokens()
                                                                    / documentTokens)));
            out.printf(
                    Locale.ROOT,
                    "%-16s %s %s (train %,d rows = %,d tokens in %d shard(s);%s)%n",
                    result.mixture(),
                    result.reused() ? "reused" : "built ",
                    result.dir(),
                    train.rows(),
                    train.tokens(),
                    train.shards().size(),
                    shares);
        }
    }
}
