package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.CurationStep;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.DocumentMapper;
import dev.mixlab.filters.Verdict;
import java.util.List;
import java.util.Map;

/**
 * Runs an ordered list of catalog steps on each document: a filter keeps it or drops it with its
 * reason code; a mapper rewrites it (language tagging, PII redaction) and reports counters. Each
 * step's in and out are counted, so the report shows the share every filter keeps.
 */
final class ApplyStepsFn extends StageFn<Document> {
    private final List<CurationStep> steps;

    ApplyStepsFn(Ledger.Stage stage, List<CurationStep> steps) {
        super(stage);
        this.steps = List.copyOf(steps);
    }

    @ProcessElement
    public void process(ProcessContext c) {
        Document doc = c.element();
        countIn(doc);
        for (CurationStep step : steps) {
            count(Ledger.stepIn(step.name()), 1);
            if (step instanceof DocumentFilter filter) {
                Verdict verdict = filter.apply(doc);
                if (verdict instanceof Verdict.Drop dropped) {
                    drop(doc, dropped.reason());
                    return;
                }
            } else if (step instanceof DocumentMapper mapper) {
                DocumentMapper.Mapped mapped = mapper.apply(doc);
                for (Map.Entry<String, Integer> counter : mapped.counts().entrySet()) {
                    count(Ledger.counter(counter.getKey()), counter.getValue());
                }
                doc = mapped.document();
            }
            count(Ledger.stepOut(step.name()), 1);
        }
        keep(c, doc);
    }
}
