package dev.buildline.common.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code key=value,key=value} values of {@code --cache-to}, {@code --output} and {@code --secret}, as buildx
 * splits them (a CSV record; keys lowercased). A value with quotes is refused rather than read differently from
 * buildx: empty.
 */
final class CsvFields {

    private CsvFields() {
    }

    static Optional<Map<String, String>> parse(String value) {
        if (value.contains("\"")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : value.split(",", -1)) {
            int eq = field.indexOf('=');
            if (eq < 1) {
                return Optional.empty();
            }
            String key = field.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (fields.put(key, field.substring(eq + 1).strip()) != null) {
                return Optional.empty(); // a repeated key: which one buildx takes is not worth betting on
            }
        }
        return Optional.of(fields);
    }
}
