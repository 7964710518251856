package dev.mixlab.eval.proxy;

import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.tokenizers.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probe questions generated from a source's held-out documents: given a document's beginning, pick
 * its true next unit among four — the next line for code and markup, the next sentence for text —
 * where the three distractors are units of similar length from other held-out documents of the
 * source, given the gold unit's indentation. Deterministic for a seed, so every run answers the
 * same questions.
 */
public final class ProbeTasks {
    public static final int CHOICES = 4;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern LINE_END = Pattern.compile("\n");
    private static final int MIN_UNIT_CHARS = 12;
    private static final int MAX_UNIT_CHARS = 200;

    private ProbeTasks() {}

    /**
     * Up to {@code count} questions; the unit is a line for code/markup sources and a sentence for
     * text, and no unit is longer than {@code maxUnitTokens} (half the model's window leaves room
     * for context).
     */
    public static List<MultipleChoice.Question> generate(
            List<PoolRecord> documents,
            Tokenizer tokenizer,
            String kind,
            int count,
            long seed,
            int maxUnitTokens) {
        Pattern boundary = kind.equals("text") ? SENTENCE_END : LINE_END;
        List<String> texts = new ArrayList<>();
        List<List<int[]>> spans = new ArrayList<>();
        // Distinct units only: boilerplate repeated across files (licence headers) would otherwise
        // make up
        // most distractors, and a model that memorised it would prefer them to the true line.
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        for (PoolRecord doc : documents) {
            String text = tokenizer.decode(doc.inputIds());
            List<int[]> docSpans = units(text, boundary);
            texts.add(text);
            spans.add(docSpans);
            for (int[] span : docSpans) {
                String unit = text.substring(span[0], span[1]);
                if (usable(unit, tokenizer, maxUnitTokens)) distinct.add(unit);
            }
        }
        List<String> pool = new ArrayList<>(distinct);
        SplittableRandom random = new SplittableRandom(seed);
        List<MultipleChoice.Question> questions = new ArrayList<>();
        int attempts = 0;
        while (questions.size() < count && attempts++ < count * 20 && pool.size() > CHOICES * 4) {
            int d = random.nextInt(texts.size());
            List<int[]> docSpans = spans.get(d);
            if (docSpans.size() < 4) continue;
            int[] span = docSpans.get(2 + random.nextInt(docSpans.size() - 2));
            String gold = texts.get(d).substring(span[0], span[1]);
            if (!usable(gold, tokenizer, maxUnitTokens)) continue;
            // The context is the document's exact text before the unit, separators included.
            String context = texts.get(d).substring(0, span[0]);
            List<String> choices = distractors(pool, gold, random);
            if (choices.size() < CHOICES - 1) continue;
            int goldIndex = random.nextInt(CHOICES);
            choices.add(goldIndex, gold);
            questions.add(new MultipleChoice.Question(context, choices, goldIndex));
        }
        return questions;
    }

    /** The [start, end) offsets of the units between separators. */
    private static List<int[]> units(String text, Pattern boundary) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = boundary.matcher(text);
        int start = 0;
        while (m.find()) {
            if (m.start() > start) spans.add(new int[] {start, m.start()});
            start = m.end();
        }
        if (start < text.length()) spans.add(new int[] {start, text.length()});
        return spans;
    }

    /**
     * Three distinct units unlike the gold one, preferring similar lengths so length alone gives
     * little away. Each takes the gold unit's leading whitespace: indentation is cheap to predict,
     * and a distractor with more of it would otherwise win on whitespace rather than content.
     */
    private static List<String> distractors(
            List<String> pool, String gold, SplittableRandom random) {
        String indent = gold.substring(0, gold.length() - gold.stripLeading().length());
        List<String> picked = new ArrayList<>();
        for (int tries = 0; tries < 400 && picked.size() < CHOICES - 1; tries++) {
            String candidate = indent + pool.get(random.nextInt(pool.size())).strip();
            boolean lengthOk = tries >= 200 || similarLength(candidate, gold);
            if (lengthOk && !candidate.strip().equals(gold.strip()) && !picked.contains(candidate))
                picked.add(candidate);
        }
        return picked;
    }

    private static boolean usable(String unit, Tokenizer tokenizer, int maxUnitTokens) {
        String trimmed = unit.strip();
        return trimmed.length() >= MIN_UNIT_CHARS
                && trimmed.length() <= MAX_UNIT_CHARS
                && tokenizer.encode(unit).length <= maxUnitTokens;
    }

    private static boolean similarLength(String a, String b) {
        return Math.abs(a.length() - b.length()) <= Math.max(3, b.length() / 5);
    }
}
