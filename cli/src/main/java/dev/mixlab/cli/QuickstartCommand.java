package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.build.MixtureInspector;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.curate.Curator;
import dev.mixlab.pipelines.mix.Mixer;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import dev.mixlab.pipelines.sample.SampleCorpora;
import dev.mixlab.pipelines.sample.SampleReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The whole ablation on the sample corpora, end to end on embedded Flink: sample → plan → curate → mix → inspect "
                + "(→ train → eval → compare as those stages are built). Prints where everything is."})
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Ablation spec (default: ${DEFAULT-VALUE}).")
    Path config = Quickstart.home().resolve("configs/quickstart.yaml");

    @Option(names = "--sample", paramLabel = "DIR",
            description = "Where the sample corpora go; the spec's inputs must point there (default: ${DEFAULT-VALUE}).")
    Path sample = Quickstart.home().resolve("data/sample");

    @Mixin
    WorkDirOption workDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        out.println("== 1/5 sample corpora → " + sample);
        out.flush();
        SampleReport report = SampleCorpora.build(sample, false, System.err);
        out.print(report.toTable());

        out.println();
        out.println("== 2/5 plan " + config);
        AblationSpec spec = SpecLoader.load(config);
        WorkDir dir = workDir.resolve(spec);
        AblationPlan plan = new AblationPlan(spec, dir);
        if (!plan.missingInputs().isEmpty()) {
            throw new UsageException("the quickstart spec's inputs do not point at the sample: " + String.join("; ", plan.missingInputMessages()));
        }
        out.print(plan.toText());

        RunnerChoice runner = RunnerChoice.embeddedFlink();
        Curator curator = new Curator(spec, dir, runner, ReadLimits.DEFAULT, System.err);
        out.println();
        out.println("== 3/5 curate every source on " + runner.describe());
        CurateCommand.curate(curator, List.of(), false, out);

        out.println();
        out.println("== 4/5 mix every mixture on " + runner.describe());
        out.flush();
        List<Mixer.MixResult> mixtures = MixCommand.mixer(spec, dir, curator, runner).mix(List.of(), false);
        MixCommand.print(out, mixtures);

        out.println();
        out.println("== 5/5 inspect (verify shards, shares and order)");
        List<String> failed = new ArrayList<>();
        for (Mixer.MixResult mixture : mixtures) {
            MixtureInspector.Report verified = MixtureInspector.verify(mixture.dir());
            out.print(InspectCommand.summary(mixture.dir(), verified));
            if (!verified.ok()) failed.add(mixture.mixture());
        }
        out.println();
        out.println("Not built yet, so the quickstart stops here: train (proxy runs), eval and compare (reports).");
        out.println("Each is its own issue; this command grows as they land.");
        out.println("Sample corpora: " + sample);
        out.println("Work directory: " + dir.root());
        out.println("Pools:          " + dir.pools() + "/<source>-<fingerprint>/ (stats.json, quarantine.jsonl)");
        out.println("Mixtures:       " + dir.mixtures() + "/<mixture>/ (part-*.parquet, validation/, manifest.json)");
        out.println("Look inside:    mixlab inspect " + dir.mixture(mixtures.get(0).mixture()) + " --decode 2");
        out.flush();
        if (!failed.isEmpty()) throw new CommandFailure("verification failed for " + String.join(", ", failed) + "; see the summaries above");
        return ExitCodes.OK;
    }
}
