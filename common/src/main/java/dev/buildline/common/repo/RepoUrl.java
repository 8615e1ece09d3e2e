package dev.buildline.common.repo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A repository URL taken apart the way git and an HTTP server take it apart: scheme, host, port and the path's
 * segments, each percent-decoded once. Everything that would let a URL mean one repository to a string comparison and
 * another to the server is refused: a user name or password ({@code http://allowed@other-host/}), a {@code .} or
 * {@code ..} segment written raw or percent-encoded, a backslash, an encoded '/', an empty segment, a query or a
 * fragment, control characters. What is left compares as a URL: host (case-insensitive) and port exactly, the path
 * segment by segment. A pure parser: no name lookup, no I/O.
 */
public record RepoUrl(String scheme, String host, int port, List<String> segments) {

    /** The schemes git fetches from, with their default ports (file has none). */
    private static final Map<String, Integer> SCHEMES = Map.of("https", 443, "http", 80, "ssh", 22, "git", 9418,
            "file", -1);

    public RepoUrl {
        segments = List.copyOf(segments);
    }

    /**
     * @throws InvalidRepoUrlException naming what is wrong with {@code url}
     */
    public static RepoUrl parse(String url) {
        if (url == null || url.isEmpty()) {
            throw new InvalidRepoUrlException(String.valueOf(url), "it is empty");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new InvalidRepoUrlException(url, "it contains a space or a control character");
            }
            if (c == '\\') {
                throw new InvalidRepoUrlException(url, "it contains a backslash");
            }
            if (c == '?' || c == '#') {
                throw new InvalidRepoUrlException(url, "a repository URL has no query or fragment ('" + c + "')");
            }
        }
        int colon = url.indexOf("://");
        if (colon <= 0) {
            throw new InvalidRepoUrlException(url, "it is not a URL of the form scheme://host/path (scp-like "
                    + "user@host:path is not accepted)");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        Integer defaultPort = SCHEMES.get(scheme);
        if (defaultPort == null) {
            throw new InvalidRepoUrlException(url, "scheme '" + scheme + "' is not one git fetches from here ("
                    + String.join(", ", SCHEMES.keySet().stream().sorted().toList()) + ")");
        }
        String rest = url.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (authority.indexOf('@') >= 0) {
            throw new InvalidRepoUrlException(url, "it carries a user name or password before '@'; credentials come "
                    + "from BUILDLINE_GIT_USERNAME and BUILDLINE_GIT_TOKEN, never from a URL");
        }
        String host;
        int port;
        if (scheme.equals("file")) {
            if (!authority.isEmpty()) {
                throw new InvalidRepoUrlException(url, "a file URL names no host (file:///path)");
            }
            host = "";
            port = -1;
        } else {
            int portColon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']'))
                    : authority.indexOf(':');
            host = (portColon < 0 ? authority : authority.substring(0, portColon)).toLowerCase(Locale.ROOT);
            port = portColon < 0 ? defaultPort : port(url, authority.substring(portColon + 1));
            if (!validHost(host)) {
                throw new InvalidRepoUrlException(url, "'" + host + "' is not a host name or an IP address");
            }
        }
        return new RepoUrl(scheme, host, port, segments(url, path));
    }

    /**
     * True when {@code other} is this URL or inside it: same scheme, host and port, and this path's segments start
     * {@code other}'s (so {@code https://h/acme} covers {@code https://h/acme/shop}, never {@code https://h/acme-x}).
     * A last segment matches with or without {@code .git}, as git hosts serve both.
     */
    public boolean covers(RepoUrl other) {
        if (!scheme.equals(other.scheme) || !host.equals(other.host) || port != other.port
                || segments.size() > other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String mine = segments.get(i);
            String theirs = other.segments.get(i);
            boolean last = i == segments.size() - 1 && i == other.segments.size() - 1;
            if (!mine.equals(theirs) && !(last && withoutGit(mine).equals(withoutGit(theirs)))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #covers(RepoUrl)} for two URLs as written; false when either is no URL this class accepts. */
    public static boolean covers(String prefix, String url) {
        try {
            return parse(prefix).covers(parse(url));
        } catch (InvalidRepoUrlException e) {
            return false;
        }
    }

    /** Same scheme, host and port: where credentials for one may be sent for the other. */
    public boolean sameOrigin(String otherScheme, String otherHost, int otherPort) {
        String s = otherScheme == null ? "" : otherScheme.toLowerCase(Locale.ROOT);
        Integer defaultPort = SCHEMES.get(s);
        int p = otherPort > 0 ? otherPort : defaultPort == null ? -1 : defaultPort;
        return scheme.equals(s) && host.equals(otherHost == null ? "" : otherHost.toLowerCase(Locale.ROOT))
                && port == p;
    }

    @Override
    public String toString() {
        String authority = scheme.equals("file") ? "" : host + (port == SCHEMES.get(scheme) ? "" : ":" + port);
        return scheme + "://" + authority + "/" + String.join("/", segments);
    }

    private static String withoutGit(String segment) {
        return segment.endsWith(".git") ? segment.substring(0, segment.length() - 4) : segment;
    }

    private static int port(String url, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidRepoUrlException(url, "port '" + digits + "' is not a number from 1 to 65535");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new InvalidRepoUrlException(url, "port '" + digits + "' is not a number from 1 to 65535");
        }
        return port;
    }

    private static boolean validHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String inner = host.substring(1, host.length() - 1);
            return !inner.isEmpty() && inner.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        }
        if (host.isEmpty() || host.length() > 253 || host.startsWith(".") || host.endsWith(".")
                || host.contains("..")) {
            return false;
        }
        return host.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_');
    }

    /** The path's segments, each decoded once; one trailing '/' is allowed (an allow-list entry's "org/"). */
    private static List<String> segments(String url, String path) {
        List<String> segments = new ArrayList<>();
        if (path.isEmpty() || path.equals("/")) {
            return segments;
        }
        String body = path.substring(1, path.endsWith("/") ? path.length() - 1 : path.length());
        for (String raw : body.split("/", -1)) {
            if (raw.isEmpty()) {
                throw new InvalidRepoUrlException(url, "its path has an empty segment ('//')");
            }
            String segment = decode(url, raw);
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidRepoUrlException(url, "its path has a '" + segment + "' segment"
                        + (raw.equals(segment) ? "" : " (written '" + raw + "')"));
            }
            if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
                throw new InvalidRepoUrlException(url, "its path has an encoded '/' or '\\' ('" + raw + "')");
            }
            if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidRepoUrlException(url, "its path has an encoded control character ('" + raw + "')");
            }
            segments.add(segment);
        }
        return segments;
    }

    private static String decode(String url, String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            int percent = raw.indexOf('%', i);
            int end = percent < 0 ? raw.length() : percent;
            bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            int high = percent + 2 < raw.length() ? Character.digit(raw.charAt(percent + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw.charAt(percent + 2), 16);
            if (low < 0) {
                throw new InvalidRepoUrlException(url, "'%' in its path is not followed by two hex digits");
            }
            bytes.write(high * 16 + low);
            i = percent + 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRepoUrlException(url, "its path's percent-encoding is not UTF-8 ('" + raw + "')");
        }
    }
}
