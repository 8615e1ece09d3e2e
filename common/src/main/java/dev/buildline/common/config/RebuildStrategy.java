package dev.buildline.common.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** DevSpace's {@code rebuildStrategy}: which inputs decide that an unchanged image may be skipped. */
public enum RebuildStrategy {
    DEFAULT("default"),
    ALWAYS("always"),
    IGNORE_CONTEXT_CHANGES("ignoreContextChanges");

    private final String yamlName;

    RebuildStrategy(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    public static RebuildStrategy fromYaml(String value) {
        for (RebuildStrategy strategy : values()) {
            if (strategy.yamlName.equals(value)) {
                return strategy;
            }
        }
        return null;
    }
}
