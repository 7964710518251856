package dev.mixlab.filters.text;

import dev.mixlab.filters.ConfiguredFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema.ParameterValues;

/** Base of the text filters with line rules: their line breaks follow their own settings. */
abstract class LineRuleFilter extends ConfiguredFilter implements TextFeatureFilter {
    protected final LineBreaks lineBreaks;

    LineRuleFilter(String name, ParameterValues settings, FilterParameter<Integer> spaceRun) {
        super(name, settings);
        this.lineBreaks = new LineBreaks(settings.get(spaceRun));
    }
}
