package dev.buildline.coordinator.intake;

import dev.buildline.common.config.EnvNames;
import java.util.Base64;
import java.util.Map;

/**
 * A repository's own webhook secret ({@code webhookSecretEnv} of its entry in BUILDLINE_REPOSITORIES_FILE): the
 * variable that holds it and its value, read from the server's environment once at start. Printed by its variable's
 * name only.
 */
public record WebhookSecret(String env, String value) {


    /**
     * @param env   the variable an entry names, or null when it names none
     * @param where the entry's field, for messages
     * @return the secret, or null when the entry names no variable
     * @throws RepositorySettings.InvalidSettingsException when the name is not a variable name or the variable is
     *                                                     unset or blank
     */
    static WebhookSecret read(String env, String where, Map<String, String> serverEnv) {
        if (env == null) {
            return null;
        }
        if (!EnvNames.valid(env.strip())) {
            throw new RepositorySettings.InvalidSettingsException(where + ": '" + env
                    + "' is not an environment variable name");
        }
        String value = serverEnv.get(env.strip());
        if (value == null || value.isBlank()) {
            throw new RepositorySettings.InvalidSettingsException(where + ": " + env.strip()
                    + " is not set in the coordinator's environment (it holds this repository's webhook secret)");
        }
        if (value.startsWith("whsec_") && !isBase64(value.substring("whsec_".length()))) {
            // GitLab shows its signing key as whsec_<base64>; a value that looks like one must be one
            throw new RepositorySettings.InvalidSettingsException(where + ": " + env.strip()
                    + " starts with whsec_ but the rest is not base64 (GitLab's signing key is whsec_<base64>)");
        }
        return new WebhookSecret(env.strip(), value);
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "webhookSecretEnv " + env;
    }
}
