package dev.gatehouse.server.ops;

/** Text from a request, made safe to log. */
public final class LogText {
    static final int MAX_LENGTH = 300;

    private LogText() {}

    /** One bounded line with control characters replaced, so a request cannot forge or flood log lines. */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }
}
