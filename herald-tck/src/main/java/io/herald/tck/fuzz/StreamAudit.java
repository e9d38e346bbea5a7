package io.herald.tck.fuzz;

import io.herald.internal.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every byte an event stream delivered and reports any line a client could take for something the
 * server did not write: a line that is not {@code id:}, {@code data:}, {@code event:}, {@code retry:}, a
 * {@code :} comment or blank; a CR, NUL, U+0085, U+2028 or U+2029 anywhere (parsers that split on them
 * would see a new line); an {@code id:} that is not a number; a {@code data:} line whose body is not one
 * JSON value.
 */
final class StreamAudit {

    private StreamAudit() {
    }

    /** The problems in {@code raw} (the de-chunked stream as UTF-8), at most {@code limit} of them. */
    static List<String> problems(String name, String raw, int limit) {
        List<String> problems = new ArrayList<>();
        int end = raw.lastIndexOf('\n'); // a last line without its LF may still be arriving
        String complete = end < 0 ? "" : raw.substring(0, end);
        for (int i = 0; i < complete.length(); i++) {
            char c = complete.charAt(i);
            if (c == '\r' || c == '\u0000' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                problems.add(name + ": raw " + String.format("U+%04X", (int) c) + " on the stream near '"
                        + ResponseCheck.printable(around(complete, i)) + "'");
                if (problems.size() >= limit) {
                    return problems;
                }
            }
        }
        for (String line : complete.split("\n", -1)) {
            String problem = lineProblem(line);
            if (problem != null) {
                problems.add(name + ": " + problem + ": '" + ResponseCheck.printable(cut(line)) + "'");
                if (problems.size() >= limit) {
                    break;
                }
            }
        }
        return problems;
    }

    private static String lineProblem(String line) {
        if (line.isEmpty() || line.startsWith(":") || line.startsWith("event:") || line.startsWith("retry:")) {
            return null;
        }
        if (line.startsWith("id:")) {
            return line.substring(3).strip().matches("[0-9]+") ? null : "an id that is not a number";
        }
        if (!line.startsWith("data:")) {
            return "a line that is no SSE field";
        }
        String data = line.substring(line.startsWith("data: ") ? 6 : 5);
        int space = data.indexOf(' ');
        String selector = space < 0 ? data : data.substring(0, space);
        if (selector.isEmpty() || selector.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "a data line without a clean selector";
        }
        String body = space < 0 ? "" : data.substring(space + 1);
        if (!body.isEmpty()) {
            try {
                Json.parse(body);
            } catch (IllegalArgumentException e) {
                return "a data line whose body is not one JSON value (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static String around(String text, int i) {
        return text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40));
    }

    private static String cut(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
