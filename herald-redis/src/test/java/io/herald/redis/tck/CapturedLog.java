package io.herald.redis.tck;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests' logging backend (slf4j-simple, writing to {@code System.err}, which it looks up on every line)
 * prints while a capture is open: {@code System.err} is teed into a buffer, so the output still reaches the
 * test report. Parsed into entries of slf4j-simple's {@code [thread] LEVEL logger - message} form, each with
 * the lines that followed it (a stack trace).
 */
final class CapturedLog implements AutoCloseable {

    /** One log call: level, logger, message, and any lines printed under it (a stack trace). */
    record Entry(String level, String logger, String message, List<String> extraLines) {
        boolean hasStackTrace() {
            return extraLines.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by: "));
        }

        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (extraLines.isEmpty() ? "" : " (+" + extraLines.size() + " lines)");
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\[([^\\]]*)\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    private final PrintStream original;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private CapturedLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (buffer) {
                    buffer.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; {@link #close()} puts {@code System.err} back. */
    static CapturedLog start() {
        return new CapturedLog();
    }

    /** Everything logged since {@link #start()}, in order. */
    List<Entry> entries() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        List<Entry> out = new ArrayList<>();
        String level = null;
        String logger = null;
        String message = null;
        List<String> extra = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                if (level != null) {
                    out.add(new Entry(level, logger, message, List.copyOf(extra)));
                }
                level = m.group(2);
                logger = m.group(3);
                message = m.group(4);
                extra.clear();
            } else if (!line.isEmpty()) {
                if (level == null) { // printed by something other than the logger: keep it visible
                    out.add(new Entry("OTHER", "", line, List.of()));
                } else {
                    extra.add(line);
                }
            }
        }
        if (level != null) {
            out.add(new Entry(level, logger, message, List.copyOf(extra)));
        }
        return out;
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
