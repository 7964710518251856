package dev.mixlab.filters;

import dev.mixlab.filters.ParameterSchema.ParameterValues;

/**
 * Base of the catalog's filters: a name and the values of the filter's parameter schema, so that a
 * filter class holds only its rules.
 */
public abstract class ConfiguredFilter implements DocumentFilter {
    private final String name;
    protected final ParameterValues settings;

    protected ConfiguredFilter(String name, ParameterValues settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public final String name() {
        return name;
    }
}
