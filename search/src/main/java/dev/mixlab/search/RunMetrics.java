package dev.mixlab.search;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.proxy.ProxyResultsJson;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.EvalSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a search's objective uses for evaluation results. The proxy evaluation's own tasks get
 * short names — {@code <source>_bpb} and {@code <source>_loss} for held-out bits per byte and loss,
 * {@code <source>_probe_acc} and {@code <source>_probe_acc_norm} for the probes — and every other
 * result is {@code <task>:<metric>} (with {@code ,<filter>} when the harness used one), e.g. {@code
 * arc_easy:acc_norm}.
 */
public final class RunMetrics {
    private static final String BPB_PREFIX = ProxyResultsJson.bpbTask("");
    private static final String PROBE_PREFIX = ProxyResultsJson.probeTask("");

    private RunMetrics() {}

    public static String name(EvalResult result) {
        String task = result.task();
        if (task.startsWith(BPB_PREFIX))
            return task.substring(BPB_PREFIX.length()) + "_" + result.metric();
        if (task.startsWith(PROBE_PREFIX))
            return task.substring(PROBE_PREFIX.length()) + "_probe_" + result.metric();
        String filter =
                result.filter() == null || result.filter().equals("none")
                        ? ""
                        : "," + result.filter();
        return task + ":" + result.metric() + filter;
    }

    /**
     * Metric name → value for each of {@code runs} at {@code phase} (any phase when null); pairwise
     * win-rates against a named opponent are left out, and a later result replaces an earlier one.
     */
    public static Map<String, Map<String, Double>> byRun(
            List<EvalResult> results, Collection<String> runs, String phase) {
        Set<String> wanted = new LinkedHashSet<>(runs);
        Map<String, Map<String, Double>> byRun = new LinkedHashMap<>();
        for (EvalResult r : results) {
            if (!wanted.contains(r.run()) || r.opponent() != null) continue;
            if (phase != null && r.phase() != null && !phase.equals(r.phase())) continue;
            byRun.computeIfAbsent(r.run(), k -> new LinkedHashMap<>()).put(name(r), r.value());
        }
        return byRun;
    }

    /** The metrics the proxy evaluation of {@code spec} produces for every run. */
    public static List<String> proxyMetrics(AblationSpec spec) {
        List<String> names = new ArrayList<>();
        for (SourceSpec source : spec.sources()) {
            if (spec.eval().validationBpb()) {
                names.add(source.name() + "_bpb");
                names.add(source.name() + "_loss");
            }
            if (spec.eval().probes()) {
                names.add(source.name() + "_probe_acc");
                names.add(source.name() + "_probe_acc_norm");
            }
        }
        for (Path file : spec.eval().taskFiles()) {
            names.add(EvalSpec.taskName(file) + ":acc");
            names.add(EvalSpec.taskName(file) + ":acc_norm");
        }
        return names;
    }
}
