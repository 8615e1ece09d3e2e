package dev.buildline.app;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a process's {@code /metrics}, as Prometheus reads it: a series' value by name and labels. */
record Scrape(String text) {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape of(int port) throws Exception {
        HttpResponse<String> response = Webhooks.get(port, "/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new Scrape(response.body());
    }

    /** The sum of every series called {@code name} that has these labels (others may be there too); 0 if none. */
    double sum(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.lines().toList()) {
            Matcher series = SERIES.matcher(line);
            if (!series.matches() || !series.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            Matcher label = LABEL.matcher(series.group(3) == null ? "" : series.group(3));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(series.group(4));
            }
        }
        return sum;
    }

    /** The values the label {@code label} takes over every series called {@code name}. */
    java.util.Set<String> labelValues(String name, String label) {
        java.util.Set<String> values = new java.util.TreeSet<>();
        for (String line : text.lines().toList()) {
            Matcher series = SERIES.matcher(line);
            if (series.matches() && series.group(1).equals(name) && series.group(3) != null) {
                Matcher found = LABEL.matcher(series.group(3));
                while (found.find()) {
                    if (found.group(1).equals(label)) {
                        values.add(found.group(2));
                    }
                }
            }
        }
        return values;
    }

    double sum(String name) {
        return sum(name, Map.of());
    }
}
