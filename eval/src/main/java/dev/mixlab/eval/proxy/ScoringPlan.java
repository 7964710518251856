package dev.mixlab.eval.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Log-likelihood requests laid out once as model input, so that scoring a checkpoint only runs its
 * forward passes: each {@link Group} (one context and the continuations to score after it) becomes
 * one row, rows are sorted by length and packed into batches of at most {@code batchTokens} tokens
 * (and an attention matrix no larger than that of {@code batchTokens} tokens in full-window rows).
 *
 * <p>A row holds the context window once and then each continuation as its own branch: the branch
 * starts with a copy of the context's last token and sits at the positions right after the context;
 * the attention mask lets a branch see the context and itself only. Every branch is thus computed
 * exactly as if it were alone after the context, while the context is computed once for all
 * continuations (four times less work for four-way multiple choice).
 *
 * <p>The context window is the same for all continuations of a group: its last {@code window + 1 -
 * longest continuation} tokens, so the longest continuation still fits the model's window. A group
 * of one continuation is therefore exactly lm-eval-harness's per-request truncation.
 */
public final class ScoringPlan {
    /** Segment id of padding: attends to nothing of the row that matters. */
    static final int PADDING = -1;

    /**
     * Continuations to score after one context.
     *
     * @param context token ids, at least one (e.g. the end-of-sequence id as a start marker)
     * @param continuations token ids of each continuation, none empty
     */
    public record Group(int[] context, List<int[]> continuations) {
        public Group {
            if (context.length == 0)
                throw new IllegalArgumentException(
                        "a continuation needs at least one context token");
            continuations = List.copyOf(continuations);
            if (continuations.isEmpty())
                throw new IllegalArgumentException("a group needs a continuation");
            for (int[] c : continuations)
                if (c.length == 0) throw new IllegalArgumentException("empty continuation");
        }

        /** A group of one continuation. */
        public static Group of(int[] context, int[] continuation) {
            return new Group(context, List.of(continuation));
        }

        int longest() {
            return continuations.stream().mapToInt(c -> c.length).max().orElseThrow();
        }
    }

    /**
     * Where a continuation's log-probabilities are in a batch's output.
     *
     * @param group index into the plan's groups
     * @param continuation index into the group's continuations
     * @param row row of the batch
     * @param offset position in the row of the first continuation token's prediction
     * @param length continuation tokens
     */
    record Slot(int group, int continuation, int row, int offset, int length) {}

    /**
     * One forward pass: {@code rows × length} inputs, each flattened row-major.
     *
     * @param tokens input token ids
     * @param positions position of each token (its branch's place after the context)
     * @param targets the token each position predicts (padding where none is read)
     * @param segments 0 for context, {@code i + 1} for continuation i, {@link #PADDING}
     */
    record Batch(
            int rows,
            int length,
            int[] tokens,
            int[] positions,
            int[] targets,
            int[] segments,
            List<Slot> slots) {}

    private final List<Group> groups;
    private final int window;
    private final List<Batch> batches;
    private final long tokens;

    private ScoringPlan(List<Group> groups, int window, List<Batch> batches) {
        this.groups = groups;
        this.window = window;
        this.batches = batches;
        this.tokens = batches.stream().mapToLong(b -> (long) b.rows() * b.length()).sum();
    }

    /**
     * @param window the model's window (tokens it attends over)
     * @param padId token id used for padding
     * @param batchTokens rows × length of a batch at most (a longer row is a batch of its own);
     *     rows × length² at most {@code batchTokens × window}
     */
    public static ScoringPlan of(List<Group> groups, int window, int padId, int batchTokens) {
        List<int[][]> rows = new ArrayList<>(groups.size());
        for (Group group : groups) rows.add(row(group, window));
        Integer[] order = new Integer[groups.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> -rows.get(i)[0].length));
        List<Batch> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int length = rows.get(order[start])[0].length;
            // At most batchTokens tokens, and an attention matrix no larger than batchTokens rows
            // of a full window would have: rows longer than the window (several continuations)
            // get fewer rows per batch.
            long area = (long) batchTokens * window;
            int rowsByTokens = batchTokens / length;
            int rowsByArea = (int) Math.min(Integer.MAX_VALUE, area / ((long) length * length));
            int count =
                    Math.max(1, Math.min(order.length - start, Math.min(rowsByTokens, rowsByArea)));
            batches.add(
                    batch(
                            groups,
                            rows,
                            Arrays.asList(order).subList(start, start + count),
                            length,
                            padId,
                            window));
            start += count;
        }
        return new ScoringPlan(List.copyOf(groups), window, List.copyOf(batches));
    }

    public List<Group> groups() {
        return groups;
    }

    /** The model window the rows were laid out for. */
    public int window() {
        return window;
    }

    List<Batch> batches() {
        return batches;
    }

    /** Input tokens over all batches, padding included: the work of scoring a checkpoint. */
    public long tokens() {
        return tokens;
    }

    /**
     * A group's row as {tokens, positions, targets, segments}: the context window but its last
     * token, then per continuation that last token and the continuation but its last token.
     */
    private static int[][] row(Group group, int window) {
        int longest = group.longest();
        if (longest > window) {
            throw new IllegalArgumentException(
                    "a continuation of "
                            + longest
                            + " tokens does not fit the model's "
                            + window
                            + "-token window");
        }
        int[] context = group.context();
        int keep = Math.min(context.length, window + 1 - longest);
        int shared = keep - 1;
        int length = shared;
        for (int[] c : group.continuations()) length += c.length;
        int[] tokens = new int[length];
        int[] positions = new int[length];
        int[] targets = new int[length];
        int[] segments = new int[length];
        int from = context.length - keep;
        for (int t = 0; t < shared; t++) {
            tokens[t] = context[from + t];
            positions[t] = t;
            targets[t] = context[from + t + 1];
        }
        int at = shared;
        for (int i = 0; i < group.continuations().size(); i++) {
            int[] c = group.continuations().get(i);
            for (int j = 0; j < c.length; j++) {
                tokens[at + j] = j == 0 ? context[context.length - 1] : c[j - 1];
                positions[at + j] = shared + j;
                targets[at + j] = c[j];
                segments[at + j] = i + 1;
            }
            at += c.length;
        }
        return new int[][] {tokens, positions, targets, segments};
    }

    private static Batch batch(
            List<Group> groups,
            List<int[][]> rows,
            List<Integer> members,
            int length,
            int padId,
            int window) {
        int count = members.size();
        int[] tokens = new int[count * length];
        int[] positions = new int[count * length];
        int[] targets = new int[count * length];
        int[] segments = new int[count * length];
        Arrays.fill(tokens, padId);
        Arrays.fill(targets, padId);
        Arrays.fill(segments, PADDING);
        List<Slot> slots = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int g = members.get(r);
            int[][] row = rows.get(g);
            int n = row[0].length;
            System.arraycopy(row[0], 0, tokens, r * length, n);
            System.arraycopy(row[1], 0, positions, r * length, n);
            System.arraycopy(row[2], 0, targets, r * length, n);
            System.arraycopy(row[3], 0, segments, r * length, n);
            Group group = groups.get(g);
            int keep = Math.min(group.context().length, window + 1 - group.longest());
            int at = keep - 1;
            for (int c = 0; c < group.continuations().size(); c++) {
                int size = group.continuations().get(c).length;
                slots.add(new Slot(g, c, r, at, size));
                at += size;
            }
        }
        return new Batch(count, length, tokens, positions, targets, segments, List.copyOf(slots));
    }
}
