package dev.mixlab.mixtures.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The YAML keys a spec record may be written with, read off the record itself so that a new
 * component is a new key without a second list to keep in step: every component in snake_case
 * ({@code heldoutFraction} → {@code heldout_fraction}), renamed by {@link YamlKey}, left out when
 * marked {@link NotInYaml}.
 */
public final class SpecKeys {
    private SpecKeys() {}

    /** The YAML name of a component whose key is not its name in snake_case. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface YamlKey {
        String value();
    }

    /** A component the loader fills in itself (resolved, derived or expanded); not a YAML key. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface NotInYaml {}

    /** The keys of {@code record}, plus {@code extra} keys that are read but not stored in it. */
    public static Set<String> of(Class<? extends Record> record, String... extra) {
        Set<String> keys = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.isAnnotationPresent(NotInYaml.class)) continue;
            YamlKey renamed = component.getAnnotation(YamlKey.class);
            keys.add(renamed != null ? renamed.value() : snakeCase(component.getName()));
        }
        Collections.addAll(keys, extra);
        return Collections.unmodifiableSet(keys);
    }

    static String snakeCase(String camelCase) {
        StringBuilder key = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) key.append('_').append(Character.toLowerCase(c));
            else key.append(c);
        }
        return key.toString();
    }
}
