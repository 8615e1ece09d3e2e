package dev.buildline.worker.incluster.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of {@code inCluster.createArgs} that shapes the Deployment buildx would make: {@code --driver-opt} replicas,
 * requests/limits and serviceaccount, and {@code --buildkitd-flags}. Every other argument still goes to
 * {@code buildx create} and into the builder hash, it just does not change the Deployment.
 */
public record CreateArgs(int replicas, Map<String, String> requests, Map<String, String> limits, String serviceAccount,
                         List<String> buildkitdFlags) {

    /** What buildx starts buildkitd with when no {@code --buildkitd-flags} are given. */
    public static final List<String> DEFAULT_BUILDKITD_FLAGS = List.of("--allow-insecure-entitlement=network.host");

    public CreateArgs {
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
        buildkitdFlags = List.copyOf(buildkitdFlags);
    }

    public static CreateArgs parse(List<String> args, String yamlPath) {
        int replicas = 1;
        Map<String, String> requests = new LinkedHashMap<>();
        Map<String, String> limits = new LinkedHashMap<>();
        String serviceAccount = null;
        List<String> flags = DEFAULT_BUILDKITD_FLAGS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!flag.equals("--driver-opt") && !flag.equals("--buildkitd-flags")) {
                continue;
            }
            String value;
            if (!flag.equals(arg)) {
                value = arg.substring(flag.length() + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new InvalidBuilderOptionException(yamlPath, flag + " needs a value");
            }
            if (flag.equals("--buildkitd-flags")) {
                flags = value.isBlank() ? List.of() : Arrays.asList(value.strip().split("\\s+"));
                continue;
            }
            for (String option : value.split(",")) {
                int eq = option.indexOf('=');
                if (eq < 1) {
                    throw new InvalidBuilderOptionException(yamlPath, "--driver-opt \"" + option + "\" is not key=value");
                }
                String key = option.substring(0, eq);
                String optionValue = option.substring(eq + 1);
                switch (key) {
                    case "replicas" -> replicas = parseReplicas(optionValue, yamlPath);
                    case "requests.cpu", "requests.memory", "requests.ephemeral-storage" ->
                            requests.put(key.substring("requests.".length()), optionValue);
                    case "limits.cpu", "limits.memory", "limits.ephemeral-storage" ->
                            limits.put(key.substring("limits.".length()), optionValue);
                    case "serviceaccount" -> serviceAccount = optionValue;
                    default -> {
                        // namespace, image, rootless and nodeselector come from their own inCluster fields.
                    }
                }
            }
        }
        return new CreateArgs(replicas, requests, limits, serviceAccount, new ArrayList<>(flags));
    }

    private static int parseReplicas(String value, String yamlPath) {
        try {
            int replicas = Integer.parseInt(value);
            if (replicas >= 1) {
                return replicas;
            }
        } catch (NumberFormatException e) {
            // reported below with the path
        }
        throw new InvalidBuilderOptionException(yamlPath, "--driver-opt replicas=" + value + " is not a positive number");
    }
}
