package dev.mixlab.launcher.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.launcher.ByteMixtures;
import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.LrSchedule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProxyTrainerTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "proxy-test",
                    """
            seed: 7
            mixtures:
              - {name: half, weights: {text: 0.5, code: 0.5}, budget: 300K}
            models:
              tiny: {d_model: 64, n_layers: 2, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 10}, log_every: 1, checkpoint_every: 20}
            runs:
              - {name: half, models: [tiny], phases: [{mixture: half, tokens: 300K}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 400);

    @Test
    void lossFallsOnRealMixture() {
        WorkDir work = MIXTURES.work();
        Path runDir = work.run("smoke");
        PhaseJob job =
                new PhaseJob(
                        "smoke",
                        "pretrain",
                        MIXTURES.spec().models().get("tiny"),
                        257,
                        128,
                        8,
                        60 * 8 * 128,
                        new LrSchedule("cosine", 3e-3, 3e-4, 10),
                        0.1,
                        1.0,
                        7,
                        work.mixture("half"),
                        runDir,
                        null,
                        null,
                        20,
                        1,
                        0,
                        false);
        ProxyTrainer.Outcome outcome =
                ProxyTrainer.train(
                        job, new TrainingLog(runDir.resolve("train.log"), System.out, ""));
        List<MetricsCsv.Row> rows = MetricsCsv.read(runDir.resolve("metrics.csv"));
        System.out.println(outcome);
        assertThat(rows).hasSize(60);
        assertThat(outcome.lastLoss()).isLessThan(outcome.firstLoss() - 1.5);
    }
}
