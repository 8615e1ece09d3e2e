package dev.buildline.coordinator.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host name, as written in a bind address or a {@code Host} header, names this machine's loopback interface.
 * Decided from the text alone (no DNS: a name that resolves to 127.0.0.1 today may not tomorrow), so only
 * {@code localhost}, IPv4 literals in 127.0.0.0/8 and IPv6 {@code ::1} count.
 */
public final class LoopbackNames {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private LoopbackNames() {
    }

    /** @param host a host name or address, IPv6 with or without brackets, without a port */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(name).matches();
    }
}
