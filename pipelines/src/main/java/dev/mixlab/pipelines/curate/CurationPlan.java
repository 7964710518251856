package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.CurationStep;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.DedupSpec;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.tokenizers.TokenizerFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a curation pipeline of one source needs, resolved from the spec and serializable for
 * the workers: the read settings, the catalog steps before near dedup (language, quality, code
 * filters) and after it (PII redaction) in the order the catalog gives, the MinHash settings and
 * the tokenizer.
 *
 * <p>Stage order: read → normalise → exact dedup → filters → near dedup → PII → tokenize → split.
 * Filters run before near dedup so that the expensive shuffle only sees documents worth keeping and
 * a near-duplicate is never kept in place of a representative that a filter removed.
 */
record CurationPlan(
        String source,
        String kind,
        FieldMapping fields,
        ReadLimits limits,
        boolean exactDedup,
        Map<String, FieldMapping> acrossSources,
        List<CurationStep> filters,
        NearDedup nearDedup,
        List<CurationStep> afterDedup,
        TokenizerFactory tokenizer,
        double heldoutFraction)
        implements Serializable {

    static CurationPlan of(AblationSpec spec, SourceSpec source, ReadLimits limits) {
        List<CurationStep> filters = new ArrayList<>();
        List<CurationStep> afterDedup = new ArrayList<>();
        for (FilterCatalog.Selected step : FilterCatalog.select(source.kind(), source.steps())) {
            (step.entry().stage() == FilterCatalog.Stage.BEFORE_NEAR_DEDUP ? filters : afterDedup)
                    .add(step.create());
        }
        DedupSpec.NearDedup near = source.dedup().near();
        NearDedup nearDedup = near.enabled() ? NearDedup.of(near, source.kind()) : null;
        TokenizerFactory tokenizer = spec.tokenizer().factory();
        Map<String, FieldMapping> acrossSources = new LinkedHashMap<>();
        for (String other : source.dedup().acrossSources())
            acrossSources.put(other, spec.source(other).orElseThrow().fields());
        return new CurationPlan(
                source.name(),
                source.kind(),
                source.fields(),
                limits,
                source.dedup().exact(),
                acrossSources,
                filters,
                nearDedup,
                afterDedup,
                tokenizer,
                source.heldoutFraction());
    }
}
