package dev.mixlab.pipelines.mix;

import dev.mixlab.mixtures.assembly.MixtureRow;

/** A packed row on its way to its shard: {@code indexInShard} is its place within that shard. */
record PlacedRow(int indexInShard, MixtureRow row) {}
