package dev.mixlab.eval.report;

import dev.mixlab.eval.CodeSweepSpec;
import dev.mixlab.eval.HarnessOutput;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A small code-share sweep (0, 50, 100% code) with everything a report draws: harness results per
 * run (paper tasks and mixlab's proxy tasks), each run's metrics.csv, and judge verdicts between
 * the runs.
 */
final class SweepFixture {
    static final String SPEC =
            "name: sweep\n"
                    + CodeSweepSpec.SOURCES_SWEEP_AND_MODEL
                    + """
                    runs:
                      - {name: code-0, models: [tiny], phases: [{mixture: code-0, tokens: 1M}]}
                      - {name: code-50, models: [tiny], phases: [{mixture: code-50, tokens: 1M}]}
                      - {name: code-100, models: [tiny], phases: [{mixture: code-100, tokens: 1M}]}
                    eval:
                      tasks: [arc_easy, lambada_openai]
                    """;

    final AblationSpec spec;
    final Path workdir;

    SweepFixture(Path dir) throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, SPEC);
        spec = SpecLoader.load(file);
        workdir = dir.resolve("work");
        ResultsStore store = ResultsStore.open(workdir);
        StringBuilder verdicts = new StringBuilder();
        for (int i = 0; i < spec.runs().size(); i++) {
            RunSpec run = spec.runs().get(i);
            double share = i / 2.0;
            HarnessOutput output =
                    new HarnessOutput()
                            .lowerIsBetter("bpb")
                            .task("arc_easy", "acc_norm", 0.40 + 0.02 * i, 0.01, 2376)
                            .task("piqa", "acc_norm", 0.60 - 0.01 * i, 0.011, 1838)
                            .task(
                                    "triviaqa",
                                    "exact_match,remove_whitespace",
                                    0.05 - 0.01 * i,
                                    0.002,
                                    17944)
                            .task("humaneval", "pass@1,create_test", 0.01 + 0.05 * i, 0.01, 164)
                            .task("mixlab_bpb_text", "bpb", 1.2 + 0.3 * share, 0.005, 200)
                            .task("mixlab_bpb_code", "bpb", 1.5 - 0.6 * share, 0.005, 200)
                            // Probes against a chance of 25%: code from at chance to above it,
                            // text from below chance to above it.
                            .task("mixlab_probe_code", "acc", 0.25 + 0.3 * share, 0.02, 500)
                            .task("mixlab_probe_text", "acc", 0.18 + 0.05 * i, 0.015, 500);
            String phase = run.phases().get(0).name();
            Path runDir = workdir.resolve("runs").resolve(run.id());
            store.importFile(output.write(runDir.resolve("eval")), run.id(), phase);
            StringBuilder metrics =
                    new StringBuilder("phase,step,tokens,loss,lr,tokens_per_s,mfu\n");
            for (int step = 1; step <= 50; step++) {
                metrics.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%d,%d,%.4f,0.001,12000.0,0.01%n",
                                phase,
                                step,
                                step * 2048L,
                                6.0 * Math.exp(-step / (15.0 + 5 * i)) + 2.0 + 0.2 * i));
            }
            Files.writeString(runDir.resolve("metrics.csv"), metrics);
            if (i > 0) {
                for (int prompt = 0; prompt < 20; prompt++) {
                    String verdict = prompt < 8 + 4 * i ? "win" : prompt < 14 ? "tie" : "loss";
                    verdicts.append(
                            String.format(
                                    Locale.ROOT,
                                    "{\"prompt_id\": \"dolly-%03d\", \"model_a\": \"%s\", \"model_b\": \"%s\", \"verdict\": \"%s\"}%n",
                                    prompt,
                                    run.id(),
                                    spec.runs().get(0).id(),
                                    verdict));
                }
            }
        }
        store.importFile(Files.writeString(dir.resolve("dolly200.jsonl"), verdicts), null);
    }
}
