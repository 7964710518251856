package dev.mixlab.filters.decontaminate;

import java.io.Serializable;

/**
 * One evaluation item as decontamination sees it.
 *
 * @param set the evaluation set's name
 * @param id the item's id: its {@code task_id} or {@code doc_id} when the file gives one, else its
 *     position
 * @param docId its position in the set (0-based), or lm-eval-harness's {@code doc_id}: the number
 *     that {@code --log_samples} records carry, so clean-item scores can be computed
 * @param text the text whose n-grams are looked for in training data
 * @param location {@code file:line} where it was read
 */
public record EvalItem(String set, String id, long docId, String text, String location)
        implements Serializable {}
