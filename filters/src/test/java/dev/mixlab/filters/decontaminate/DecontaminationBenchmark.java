package dev.mixlab.filters.decontaminate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.LuceneSources;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the decontamination check on one thread against 1 million evaluation n-grams, in MB
 * of UTF-8 text per CPU second (docs/BENCHMARKS.md, issue 15). Evaluation items are real documents
 * (Europarl speeches for words, lucene-core Java files for code tokens): the first third of them;
 * random 64-bit hashes fill the set up to {@code ngrams} distinct n-grams, since the lookup cost
 * depends on the set's size, not on where its n-grams came from. The other two thirds are scanned,
 * several rounds, with the exact set and with a Bloom filter at 1e-8: the check alone, and the
 * stage as curation runs it (every document scanned for matched n-grams, the touched ones checked
 * again with the frequent n-grams ignored).
 *
 * <pre>
 * mvn -B -ntp -o -q -pl filters -am test-compile
 * java -Xmx2g -cp "filters/target/test-classes:filters/target/classes:$(cat filters/target/cp.txt)" \
 *      dev.mixlab.filters.decontaminate.DecontaminationBenchmark [ngrams] [rounds]
 * </pre>
 */
public final class DecontaminationBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecontaminationBenchmark() {}

    public static void main(String[] args) {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run("words (Europarl)", Europarl.documents(), NgramUnit.WORDS, target, rounds);
        run(
                "code tokens (lucene-core)",
                LuceneSources.javaFiles(),
                NgramUnit.CODE_TOKENS,
                target,
                rounds);
    }

    private static void run(
            String label, List<Document> docs, NgramUnit unit, int target, int rounds) {
        List<EvalItem> items = new ArrayList<>();
        int next = docs.size() / 3;
        for (Document d : docs.subList(0, next))
            items.add(new EvalItem("bench", d.id(), items.size(), d.text(), d.id()));
        EvalNgrams eval = EvalNgrams.of(items, unit, 13);
        long[] real = eval.allNgrams();
        long missing = Math.max(0, target - eval.distinctNgrams());
        long[] all = java.util.Arrays.copyOf(real, (int) (real.length + missing));
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        for (int i = real.length; i < all.length; i++) all[i] = random.nextLong();
        List<String> scanned = new ArrayList<>();
        long bytes = 0;
        for (Document d : docs.subList(next, docs.size())) {
            scanned.add(d.text());
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
        }
        for (long bloomAbove : new long[] {Long.MAX_VALUE, 0}) {
            NgramMembership membership = NgramMembership.of(all, bloomAbove, 1e-8);
            Decontaminator d =
                    new Decontaminator(
                            unit,
                            13,
                            Decontaminator.Mode.DROP,
                            Janitor.GPT3,
                            Map.of("bench", membership));
            long touched = 0;
            for (String text : scanned) if (d.check(text).touched()) touched++; // warm-up
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int r = 0; r < rounds; r++) for (String text : scanned) d.check(text);
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            // The stage: scan, count documents per matched n-gram, check the touched documents.
            Map<Long, Long> documents = new java.util.HashMap<>();
            for (String text : scanned)
                for (long ngram : d.matchedNgrams(text)) documents.merge(ngram, 1L, Long::sum);
            FrequentNgrams frequent = FrequentNgrams.above(documents, 10);
            long stageCpu = THREADS.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++)
                for (String text : scanned)
                    if (d.matchedNgrams(text).length > 0) d.check(text, frequent);
            double stageSeconds = (THREADS.getCurrentThreadCpuTime() - stageCpu) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-26s %-5s eval n-grams %,d (%,d from %d items), %,d MB of memory; scanned %.1f MB × %d"
                            + " in %.2f CPU s (%.2f wall): %.1f MB/s per CPU second; %d of %d"
                            + " documents touched; stage (scan + check of the touched, %d frequent"
                            + " n-grams ignored) %.2f CPU s: %.1f MB/s per CPU second%n",
                    label,
                    membership.kind(),
                    membership.size(),
                    eval.distinctNgrams(),
                    items.size(),
                    membership.memoryBytes() >> 20,
                    bytes / 1e6,
                    rounds,
                    cpuSeconds,
                    wallSeconds,
                    bytes * rounds / 1e6 / cpuSeconds,
                    touched,
                    scanned.size(),
                    frequent.size(),
                    stageSeconds,
                    bytes * rounds / 1e6 / stageSeconds);
        }
    }
}
