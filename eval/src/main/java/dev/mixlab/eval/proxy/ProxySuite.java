package dev.mixlab.eval.proxy;

import dev.mixlab.launcher.proxy.ProxyModel;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.EvalSpec;
import dev.mixlab.tokenizers.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy evaluation of an ablation, fixed once for all its runs: per source, held-out documents
 * for bits per byte and generated next-unit probes; plus the spec's multiple-choice task files.
 */
public final class ProxySuite {
    /**
     * @param bpbTokens held-out tokens per source for bits per byte
     * @param probesPerSource probe questions per source
     * @param batchRows sequences per forward pass
     * @param seed probe generation seed
     */
    public record Options(long bpbTokens, int probesPerSource, int batchRows, long seed) {
        public static final Options DEFAULTS = new Options(65_536, 200, 16, 20_240_701);
    }

    /**
     * What one checkpoint scored. Maps are keyed by source (bpb, probes) or task name (task files).
     */
    public record Scores(
            Map<String, BitsPerByte.Result> bpb,
            Map<String, MultipleChoice.Result> probes,
            Map<String, MultipleChoice.Result> tasks) {}

    private final AblationSpec spec;
    private final Options options;
    private final Map<String, List<PoolRecord>> documents = new LinkedHashMap<>();
    private final Map<String, List<MultipleChoice.Question>> probes = new LinkedHashMap<>();
    private final Map<String, List<MultipleChoice.Question>> tasks = new LinkedHashMap<>();

    private ProxySuite(AblationSpec spec, Options options) {
        this.spec = spec;
        this.options = options;
    }

    public static ProxySuite build(AblationSpec spec, WorkDir work, Options options) {
        ProxySuite suite = new ProxySuite(spec, options);
        HeldOutData heldOut = HeldOutData.of(spec, work);
        try (Tokenizer tokenizer = spec.tokenizer().factory().open()) {
            for (String source : heldOut.sources()) {
                List<PoolRecord> docs =
                        heldOut.documents(source, Math.max(options.bpbTokens(), 400_000));
                if (docs.isEmpty()) continue;
                if (spec.eval().validationBpb())
                    suite.documents.put(source, cap(docs, options.bpbTokens()));
                if (spec.eval().probes()) {
                    suite.probes.put(
                            source,
                            ProbeTasks.generate(
                                    docs,
                                    tokenizer,
                                    heldOut.kind(source),
                                    options.probesPerSource(),
                                    options.seed(),
                                    spec.seqLen() / 2));
                }
            }
        }
        for (Path file : spec.eval().taskFiles())
            suite.tasks.put(EvalSpec.taskName(file), TaskFile.read(file));
        return suite;
    }

    private static List<PoolRecord> cap(List<PoolRecord> docs, long maxTokens) {
        long tokens = 0;
        int n = 0;
        while (n < docs.size() && tokens < maxTokens) tokens += docs.get(n++).nTokens();
        return docs.subList(0, n);
    }

    public Map<String, Integer> questionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        probes.forEach((s, q) -> counts.put(ProxyResultsJson.probeTask(s), q.size()));
        tasks.forEach((t, q) -> counts.put(t, q.size()));
        return counts;
    }

    public Scores score(ProxyModel model) {
        try (Tokenizer tokenizer = spec.tokenizer().factory().open()) {
            ContinuationScorer scorer =
                    new ContinuationScorer(model, options.batchRows(), tokenizer.eosId());
            Map<String, BitsPerByte.Result> bpb = new LinkedHashMap<>();
            documents.forEach(
                    (source, docs) ->
                            bpb.put(
                                    source,
                                    BitsPerByte.measure(
                                            scorer, docs, tokenizer.eosId(), model.maxLength())));
            Map<String, MultipleChoice.Result> probeScores = new LinkedHashMap<>();
            probes.forEach(
                    (source, questions) -> {
                        if (!questions.isEmpty())
                            probeScores.put(
                                    source, MultipleChoice.score(scorer, tokenizer, questions));
                    });
            Map<String, MultipleChoice.Result> taskScores = new LinkedHashMap<>();
            tasks.forEach(
                    (task, questions) ->
                            taskScores.put(
                                    task, MultipleChoice.score(scorer, tokenizer, questions)));
            return new Scores(bpb, probeScores, taskScores);
        }
    }
}
