package dev.mixlab.eval.proxy;

import dev.mixlab.launcher.proxy.ProxyModel;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.EvalSpec;
import dev.mixlab.tokenizers.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy evaluation of an ablation, fixed once for all its runs: per source, held-out documents
 * for bits per byte and generated next-unit probes; plus the spec's multiple-choice task files.
 * Everything is tokenized and laid out as model input once ({@link ScoringPlan}); scoring a
 * checkpoint runs only its forward passes.
 */
public final class ProxySuite {
    /**
     * @param bpbTokens held-out tokens per source for bits per byte
     * @param probesPerSource probe questions per source
     * @param batchRows tokens per forward pass, in full-window rows ({@code batchRows × seq_len})
     * @param seed probe generation seed
     */
    public record Options(long bpbTokens, int probesPerSource, int batchRows, long seed) {
        /**
         * Eight full rows per pass: a 2-head model's attention scores are then 16 MB per layer (at
         * seq_len 512), below the size (32 MB) from which the C allocator maps and unmaps every
         * allocation afresh — with 16 rows, page faults took most of the time.
         */
        public static final Options DEFAULTS = new Options(65_536, 200, 8, 20_240_701);
    }

    /**
     * What one checkpoint scored. Maps are keyed by source (bpb, probes), {@code source:language}
     * (bpb by language) or task name (task files).
     *
     * @param bpbByLanguage bits per byte of the same held-out documents per language, for sources
     *     whose documents have more than one language
     */
    public record Scores(
            Map<String, BitsPerByte.Result> bpb,
            Map<String, BitsPerByte.Result> bpbByLanguage,
            Map<String, MultipleChoice.Result> probes,
            Map<String, MultipleChoice.Result> tasks) {}

    private final Map<String, BitsPerByte> bpb = new LinkedHashMap<>();
    private final Map<String, MultipleChoice> probes = new LinkedHashMap<>();
    private final Map<String, MultipleChoice> tasks = new LinkedHashMap<>();
    private ScoringPlan plan;

    private ProxySuite() {}

    public static ProxySuite build(AblationSpec spec, WorkDir work, Options options) {
        ProxySuite suite = new ProxySuite();
        HeldOutData heldOut = HeldOutData.of(spec, work);
        int window = spec.seqLen();
        try (Tokenizer tokenizer = spec.tokenizer().factory().open()) {
            for (String source : heldOut.sources()) {
                List<PoolRecord> docs =
                        heldOut.documents(source, Math.max(options.bpbTokens(), 400_000));
                if (docs.isEmpty()) continue;
                if (spec.eval().validationBpb())
                    suite.bpb.put(
                            source,
                            BitsPerByte.of(
                                    cap(docs, options.bpbTokens()), tokenizer.eosId(), window));
                if (spec.eval().probes()) {
                    List<MultipleChoice.Question> questions =
                            ProbeTasks.generate(
                                    docs,
                                    tokenizer,
                                    heldOut.kind(source),
                                    options.probesPerSource(),
                                    options.seed(),
                                    window / 2);
                    if (!questions.isEmpty()) {
                        suite.probes.put(source, MultipleChoice.of(tokenizer, questions));
                        // The questions as a task file, so a decontamination: set can name them.
                        TaskFile.write(
                                probeFile(work, ProxyResultsJson.probeTask(source)), questions);
                    }
                }
            }
            for (Path file : spec.eval().taskFiles())
                suite.tasks.put(
                        EvalSpec.taskName(file), MultipleChoice.of(tokenizer, TaskFile.read(file)));
            List<ScoringPlan.Group> groups = new ArrayList<>();
            suite.bpb.values().forEach(b -> groups.addAll(b.groups()));
            suite.probes.values().forEach(m -> groups.addAll(m.groups()));
            suite.tasks.values().forEach(m -> groups.addAll(m.groups()));
            suite.plan =
                    ScoringPlan.of(groups, window, tokenizer.eosId(), options.batchRows() * window);
        }
        return suite;
    }

    /** Where the probe questions of a task are written: {@code WORKDIR/probes/<task>.jsonl}. */
    public static Path probeFile(WorkDir work, String task) {
        return work.root().resolve("probes").resolve(task + ".jsonl");
    }

    private static List<PoolRecord> cap(List<PoolRecord> docs, long maxTokens) {
        long tokens = 0;
        int n = 0;
        while (n < docs.size() && tokens < maxTokens) tokens += docs.get(n++).nTokens();
        return docs.subList(0, n);
    }

    public Map<String, Integer> questionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        probes.forEach((s, q) -> counts.put(ProxyResultsJson.probeTask(s), q.questions().size()));
        tasks.forEach((t, q) -> counts.put(t, q.questions().size()));
        return counts;
    }

    /** Input tokens of one checkpoint's forward passes (padding included). */
    public long tokensPerCheckpoint() {
        return plan.tokens();
    }

    public Scores score(ProxyModel model) {
        if (model.maxLength() != plan.window())
            throw new IllegalArgumentException(
                    "the model's window is "
                            + model.maxLength()
                            + " tokens, the suite was laid out for "
                            + plan.window());
        List<List<double[]>> logProbs = ContinuationScorer.score(model, plan);
        int next = 0;
        Map<String, BitsPerByte.Result> bpbScores = new LinkedHashMap<>();
        Map<String, BitsPerByte.Result> byLanguage = new LinkedHashMap<>();
        for (Map.Entry<String, BitsPerByte> e : bpb.entrySet()) {
            BitsPerByte measure = e.getValue();
            List<List<double[]>> own = logProbs.subList(next, next + measure.groups().size());
            bpbScores.put(e.getKey(), measure.result(own));
            List<String> languages = languages(measure.documents());
            if (languages.size() > 1) {
                for (String language : languages)
                    byLanguage.put(
                            e.getKey() + ":" + language,
                            measure.result(
                                    own, d -> language.equals(measure.documents().get(d).lang())));
            }
            next += measure.groups().size();
        }
        Map<String, MultipleChoice.Result> probeScores = new LinkedHashMap<>();
        for (Map.Entry<String, MultipleChoice> e : probes.entrySet()) {
            int n = e.getValue().groups().size();
            probeScores.put(e.getKey(), e.getValue().result(logProbs.subList(next, next + n)));
            next += n;
        }
        Map<String, MultipleChoice.Result> taskScores = new LinkedHashMap<>();
        for (Map.Entry<String, MultipleChoice> e : tasks.entrySet()) {
            int n = e.getValue().groups().size();
            taskScores.put(e.getKey(), e.getValue().result(logProbs.subList(next, next + n)));
            next += n;
        }
        return new Scores(bpbScores, byLanguage, probeScores, taskScores);
    }

    /** The documents' languages, most documents first (ties by name); unknown ones left out. */
    private static List<String> languages(List<PoolRecord> documents) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (PoolRecord doc : documents)
            if (doc.lang() != null) counts.merge(doc.lang(), 1, Integer::sum);
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
    }
}
