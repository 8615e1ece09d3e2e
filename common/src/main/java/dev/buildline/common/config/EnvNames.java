package dev.buildline.common.config;

import java.util.regex.Pattern;

/**
 * Names of server environment variables an operator's settings may point at (a token, a webhook secret, a granted
 * secret, a variable a repository may read): a POSIX shell name, so a setting can never name more than one variable.
 */
public final class EnvNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvNames() {
    }

    public static boolean valid(String name) {
        return NAME.matcher(name).matches();
    }
}
