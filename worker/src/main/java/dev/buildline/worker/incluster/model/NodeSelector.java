package dev.buildline.worker.incluster.model;

import java.util.Map;
import java.util.TreeMap;

/** DevSpace's {@code nodeSelector} is one string, {@code k=v[,k=v]}, read the way buildx reads its driver option. */
public final class NodeSelector {

    private NodeSelector() {
    }

    /** Sorted, so that the same selector written in another order defines the same builder. */
    public static Map<String, String> parse(String selector, String yamlPath) {
        Map<String, String> parsed = new TreeMap<>();
        if (selector == null || selector.isBlank()) {
            return parsed;
        }
        String unquoted = selector.strip();
        if (unquoted.length() >= 2 && unquoted.startsWith("\"") && unquoted.endsWith("\"")) {
            unquoted = unquoted.substring(1, unquoted.length() - 1);
        }
        for (String pair : unquoted.split(",", -1)) {
            String[] keyValue = pair.split("=", -1);
            if (keyValue.length != 2 || keyValue[0].isBlank()) {
                throw new InvalidBuilderOptionException(yamlPath,
                        "\"" + pair + "\" is not key=value (expected k=v[,k=v], e.g. kubernetes.io/arch=amd64)");
            }
            if (parsed.put(keyValue[0].strip(), keyValue[1].strip()) != null) {
                throw new InvalidBuilderOptionException(yamlPath, "key \"" + keyValue[0].strip() + "\" appears twice");
            }
        }
        return parsed;
    }

    public static String format(Map<String, String> selector) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(selector).forEach((key, value) -> text.append(text.isEmpty() ? "" : ",").append(key).append('=').append(value));
        return text.toString();
    }
}
