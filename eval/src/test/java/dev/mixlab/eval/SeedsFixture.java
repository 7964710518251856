package dev.mixlab.eval;

import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * An ablation with seeds: code-0 and code-50 over seeds 1, 2, 3 (the same seeds, so paired),
 * code-100 over seeds 4, 5 (other seeds, so Welch), and a single run (seed 7) on code-50's mixture.
 * Each run has harness results (text bits per byte, ARC-Easy, PIQA) at phase {@code pretrain} and a
 * metrics.csv. The numbers are chosen so that means and spreads can be checked by hand.
 */
public final class SeedsFixture {
    public static final String SPEC =
            "name: seeds\n"
                    + CodeSweepSpec.SOURCES_SWEEP_AND_MODEL
                    + """
                    runs:
                      - {name: code-0, models: [tiny], seeds: [1, 2, 3], phases: [{mixture: code-0, tokens: 1M}]}
                      - {name: code-50, models: [tiny], seeds: [1, 2, 3], phases: [{mixture: code-50, tokens: 1M}]}
                      - {name: code-100, models: [tiny], seeds: [4, 5], phases: [{mixture: code-100, tokens: 1M}]}
                      - {name: single, models: [tiny], seeds: [7], phases: [{mixture: code-50, tokens: 1M}]}
                    """;

    public final AblationSpec spec;
    public final Path workdir;

    public SeedsFixture(Path dir) throws Exception {
        spec = SpecLoader.load(Files.writeString(dir.resolve("seeds.yaml"), SPEC));
        workdir = dir.resolve("work");
        ResultsStore store = ResultsStore.open(workdir);
        // run id: {text bpb, ARC-Easy acc_norm, PIQA acc_norm}
        Map<String, double[]> scores =
                Map.of(
                        "code-0-tiny-s1", new double[] {1.20, 0.40, 0.60},
                        "code-0-tiny-s2", new double[] {1.30, 0.42, 0.62},
                        "code-0-tiny-s3", new double[] {1.25, 0.44, 0.58},
                        "code-50-tiny-s1", new double[] {1.32, 0.45, 0.60},
                        "code-50-tiny-s2", new double[] {1.36, 0.47, 0.60},
                        "code-50-tiny-s3", new double[] {1.34, 0.46, 0.61},
                        "code-100-tiny-s4", new double[] {1.50, 0.50, 0.55},
                        "code-100-tiny-s5", new double[] {1.54, 0.52, 0.55},
                        "single-tiny-s7", new double[] {1.33, 0.46, 0.60});
        for (Map.Entry<String, double[]> run : scores.entrySet()) {
            double[] v = run.getValue();
            HarnessOutput output =
                    new HarnessOutput()
                            .lowerIsBetter("bpb")
                            .task("mixlab_bpb_text", "bpb", v[0], 0.004, 200)
                            .task("arc_easy", "acc_norm", v[1], 0.01, 2376)
                            .task("piqa", "acc_norm", v[2], 0.011, 1838);
            store.importFile(
                    output.write(dir.resolve("out").resolve(run.getKey())),
                    run.getKey(),
                    "pretrain");
            // Loss falls with the steps, offset per run.
            StringBuilder metrics =
                    new StringBuilder("phase,step,tokens,loss,lr,tokens_per_s,mfu\n");
            for (int step = 1; step <= 20; step++) {
                metrics.append(
                        String.format(
                                Locale.ROOT,
                                "pretrain,%d,%d,%.4f,0.001,12000.0,0.01%n",
                                step,
                                step * 2048L,
                                5.0 * Math.exp(-step / 8.0) + v[0] + (v[1] - 0.45)));
            }
            Path runDir = Files.createDirectories(workdir.resolve("runs").resolve(run.getKey()));
            Files.writeString(runDir.resolve("metrics.csv"), metrics);
        }
    }
}
