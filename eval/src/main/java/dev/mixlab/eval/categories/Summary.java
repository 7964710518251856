package dev.mixlab.eval.categories;

import java.util.List;

/**
 * A score that averages categories (the paper's NL Avg and Total).
 *
 * @param name key (e.g. {@code nl_avg})
 * @param title heading (e.g. {@code NL Avg})
 * @param meanOf names of the categories averaged, with equal weight
 */
public record Summary(String name, String title, List<String> meanOf) {
    public Summary {
        meanOf = List.copyOf(meanOf);
        if (meanOf.isEmpty())
            throw new IllegalArgumentException(
                    "summary '" + name + "' averages nothing; give mean_of: [category, …]");
    }
}
