package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.plan.AblationPlan;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.pipelines.read.ReadLimits;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Validate an ablation YAML, expand its sweeps and recipes, and print every mixture "
                    + "(per-source token targets; epochs needed once pools exist) and every run with its phases.",
            "Inputs that match no file are listed as a warning; --check-inputs makes them an error (exit 2), "
                    + "and also a curated pool that cannot supply a mixture's share within max_repetition."
        })
final class PlanCommand implements Callable<Integer> {
    @Mixin SpecOptions ablation;

    @Option(
            names = "--json",
            description = "Print the plan as JSON (schema mixlab.plan/1, see docs/PLAN-JSON.md).")
    boolean json;

    @Option(
            names = "--check-inputs",
            description =
                    "Fail with exit 2 if any source input matches no file, or a curated pool cannot supply its share of a mixture.")
    boolean checkInputs;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        AblationSpec spec = ablation.load();
        WorkDir dir = ablation.workDir(spec);
        AblationPlan plan = new AblationPlan(spec, dir, ReadLimits.DEFAULT.toString());
        if (checkInputs && !plan.missingInputs().isEmpty()) {
            throw new UsageException(
                    "missing inputs: " + String.join("; ", plan.missingInputMessages()));
        }
        if (checkInputs && !plan.supplyShortfalls().isEmpty()) {
            throw new UsageException(
                    "not enough data: "
                            + String.join("; ", plan.supplyShortfalls())
                            + "; lower the budget, raise max_repetition or add data");
        }
        PrintWriter out = command.commandLine().getOut();
        out.print(json ? plan.toJson() : plan.toText());
        out.flush();
        return ExitCodes.OK;
    }
}
