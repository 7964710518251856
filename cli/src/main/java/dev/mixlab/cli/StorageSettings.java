package dev.mixlab.cli;

import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.StorageSpec;
import dev.mixlab.pipelines.storage.ObjectStoreSettings;

/** Applies a spec's {@code storage:} section (over the environment) to this process's s3:// IO. */
final class StorageSettings {
    private StorageSettings() {}

    /** Returns {@code spec} after making its storage settings the process's. */
    static AblationSpec apply(AblationSpec spec) {
        StorageSpec storage = spec.storage();
        if (storage != null && storage.isSet())
            ObjectStoreSettings.resolve(
                            System.getenv(),
                            storage.endpoint(),
                            storage.pathStyle(),
                            storage.region())
                    .apply();
        return spec;
    }
}
