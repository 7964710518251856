package dev.mixlab.mixtures.assembly;

import java.io.Serializable;

/**
 * A row as packing emits it: {@code rowIndex} counts the rows of {@code row.source()} from 0, which
 * is what {@link MixtureLayout#place} needs to find the row's place in the mixture.
 */
public record PackedRow(long rowIndex, MixtureRow row) implements Serializable {
    private static final long serialVersionUID = 1L;
}
