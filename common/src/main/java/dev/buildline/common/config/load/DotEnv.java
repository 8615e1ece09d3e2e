package dev.buildline.common.config.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .env} file as godotenv reads it ({@code KEY=VALUE}, {@code export KEY=VALUE}, {@code KEY: VALUE},
 * comments, single quotes literal, double quotes with {@code \n} escapes). DevSpace loads it into its environment
 * without overriding what is set; on a server it comes from the commit, never from the server's disk.
 */
final class DotEnv {

    private DotEnv() {
    }

    /** @throws IllegalArgumentException naming the line that cannot be read */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int split = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (split <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected KEY=VALUE");
            }
            String key = line.substring(0, split).strip();
            String value = line.substring(split + 1).strip();
            if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            } else if (value.startsWith("\"")) {
                StringBuilder quoted = new StringBuilder(value.substring(1));
                while (!endsQuoted(quoted) && i + 1 < lines.length) {
                    quoted.append('\n').append(lines[++i]);
                }
                String body = quoted.toString().strip();
                if (!body.endsWith("\"")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": unterminated double quote");
                }
                value = body.substring(0, body.length() - 1).replace("\\n", "\n").replace("\\\"", "\"")
                        .replace("\\\\", "\\");
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            values.put(key, value);
        }
        return values;
    }

    private static boolean endsQuoted(CharSequence text) {
        String s = text.toString().strip();
        return s.endsWith("\"") && !s.endsWith("\\\"");
    }
}
