package dev.mixlab.pipelines.curate;

import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.pool.InputSnapshot;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Reads the tasks of one source for a pool. A task's file must be, before and after it is read, the
 * file the pool's fingerprint describes ({@link InputSnapshot#requireUnchanged}). A file that
 * vanished, appeared or changed in between fails the job, so no pool is ever published under the
 * fingerprint of inputs it did not read completely; a retried task (Flink) succeeds if the file is
 * back as it was.
 *
 * @param pool the source whose pool the documents are read for
 */
record TaskReader(String pool, FieldMapping fields, ReadLimits limits, InputSnapshot inputs)
        implements Serializable {
    void read(ReadTask task, ReadSink sink) {
        Path file = StoragePaths.of(task.path());
        inputs.requireUnchanged(file, pool);
        CorpusReader.read(task, fields, limits, sink);
        inputs.requireUnchanged(file, pool);
    }
}
