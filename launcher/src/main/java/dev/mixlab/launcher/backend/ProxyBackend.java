package dev.mixlab.launcher.backend;

import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.proxy.ProxyTrainer;
import dev.mixlab.launcher.run.PhaseResult;
import dev.mixlab.launcher.run.TrainingLog;

/** The in-process proxy trainer (DJL on libtorch; CPU here, a GPU when the engine finds one). */
public final class ProxyBackend implements TrainingBackend {
    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public PhaseResult train(PhaseJob job, TrainingLog log) {
        ProxyTrainer.Outcome outcome = ProxyTrainer.train(job, log);
        if (outcome.alreadyComplete()) return new PhaseResult(outcome.lastLoss(), null, null, null);
        return new PhaseResult(outcome.lastLoss(), outcome.tokensPerSecond(), outcome.mfu(), null);
    }
}
