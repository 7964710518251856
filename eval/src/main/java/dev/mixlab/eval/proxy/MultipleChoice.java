package dev.mixlab.eval.proxy;

import dev.mixlab.tokenizers.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiple-choice scoring by log-likelihood, as lm-eval-harness does it: each choice is a
 * continuation of the context; {@code acc} picks the choice with the highest total log-probability
 * and {@code acc_norm} the highest log-probability per character of the choice. Stderr is the
 * sample standard error of the mean.
 */
public final class MultipleChoice {
    /** One question: the gold choice's index into {@code choices}. */
    public record Question(String context, List<String> choices, int gold) {
        public Question {
            choices = List.copyOf(choices);
            if (choices.size() < 2)
                throw new IllegalArgumentException("a question needs at least two choices");
            if (gold < 0 || gold >= choices.size())
                throw new IllegalArgumentException("gold " + gold + " is not a choice index");
        }
    }

    /** Accuracies and the per-question outcomes (1 = right) for paired comparisons. */
    public record Result(
            double acc,
            double accStderr,
            double accNorm,
            double accNormStderr,
            int[] correct,
            int[] correctNorm) {
        public int n() {
            return correct.length;
        }
    }

    private MultipleChoice() {}

    public static Result score(
            ContinuationScorer scorer, Tokenizer tokenizer, List<Question> questions) {
        List<ContinuationScorer.Request> requests = new ArrayList<>();
        for (Question q : questions) {
            int[] context = withStart(tokenizer, tokenizer.encode(q.context()));
            for (String choice : q.choices())
                requests.add(
                        new ContinuationScorer.Request(
                                context, nonEmpty(tokenizer.encode(choice), tokenizer)));
        }
        List<double[]> logProbs = scorer.tokenLogProbs(requests);
        int[] correct = new int[questions.size()];
        int[] correctNorm = new int[questions.size()];
        int next = 0;
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            int best = -1;
            int bestNorm = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            double bestNormScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < q.choices().size(); c++) {
                double total = 0;
                for (double lp : logProbs.get(next++)) total += lp;
                double perChar = total / Math.max(1, q.choices().get(c).length());
                if (total > bestScore) {
                    bestScore = total;
                    best = c;
                }
                if (perChar > bestNormScore) {
                    bestNormScore = perChar;
                    bestNorm = c;
                }
            }
            correct[i] = best == q.gold() ? 1 : 0;
            correctNorm[i] = bestNorm == q.gold() ? 1 : 0;
        }
        return new Result(
                mean(correct),
                stderr(correct),
                mean(correctNorm),
                stderr(correctNorm),
                correct,
                correctNorm);
    }

    /** The end-of-sequence id first, so even an empty context has a token to predict from. */
    private static int[] withStart(Tokenizer tokenizer, int[] ids) {
        int[] out = new int[ids.length + 1];
        out[0] = tokenizer.eosId();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    private static int[] nonEmpty(int[] ids, Tokenizer tokenizer) {
        return ids.length > 0 ? ids : new int[] {tokenizer.eosId()};
    }

    private static double mean(int[] values) {
        double sum = 0;
        for (int v : values) sum += v;
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static double stderr(int[] values) {
        int n = values.length;
        if (n < 2) return Double.NaN;
        double m = mean(values);
        double ss = 0;
        for (int v : values) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (n - 1) / n);
    }
}
