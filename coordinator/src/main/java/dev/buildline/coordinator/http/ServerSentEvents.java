package dev.buildline.coordinator.http;

/** The text/event-stream wire format: one event is optional {@code event:} and {@code id:} lines, data lines, a blank line. */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    public static String event(String name, long id, String data) {
        StringBuilder out = new StringBuilder();
        out.append("event: ").append(name).append('\n');
        out.append("id: ").append(id).append('\n');
        data.lines().forEach(line -> out.append("data: ").append(line).append('\n'));
        return out.append('\n').toString();
    }

    /** A comment line: ignored by clients, keeps proxies and the connection from idling out. */
    public static String comment(String text) {
        return ": " + text.replace('\n', ' ') + "\n\n";
    }
}
