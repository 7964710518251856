package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import dev.mixlab.pipelines.sample.SampleCorpora;
import dev.mixlab.pipelines.sample.SampleReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The whole ablation on the sample corpora, end to end: sample → plan → (curate → mix → train → eval → compare "
                + "as those stages are built). Prints where everything is."})
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
        out.println("== 1/2 sample corpora → " + sample);
        out.flush();
        SampleReport report = SampleCorpora.build(sample, false, System.err);
        out.print(report.toTable());

        out.println();
        out.println("== 2/2 plan " + config);
        AblationSpec spec = SpecLoader.load(config);
        WorkDir dir = workDir.resolve(spec);
        AblationPlan plan = new AblationPlan(spec, dir);
        if (!plan.missingInputs().isEmpty()) {
            throw new UsageException("the quickstart spec's inputs do not point at the sample: " + String.join("; ", plan.missingInputMessages()));
        }
        out.print(plan.toText());
        out.println();
        out.println("Not built yet, so the quickstart stops here: curate (pools), mix/build (Parquet shards), train (proxy runs),");
        out.println("eval and compare (reports). Each is its own issue; this command grows as they land.");
        out.println("Sample corpora: " + sample);
        out.println("Work directory: " + dir.root());
        out.flush();
        return ExitCodes.OK;
    }
}
