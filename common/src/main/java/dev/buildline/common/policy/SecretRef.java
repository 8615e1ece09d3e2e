package dev.buildline.common.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a granted secret's value is on the server: an environment variable ({@code {env: NAME}}) or a file
 * ({@code {file: PATH}}); exactly one is set. Only the reference travels, never the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretRef(String env, String file) {

    public SecretRef {
        if ((env == null) == (file == null)) {
            throw new IllegalArgumentException("a secret is {env: NAME} or {file: PATH}");
        }
    }

    @Override
    public String toString() {
        return env != null ? "{env: " + env + "}" : "{file: " + file + "}";
    }
}
