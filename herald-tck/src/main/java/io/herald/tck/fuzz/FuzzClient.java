package io.herald.tck.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends one case's bytes on a fresh connection and reads what comes back, byte for byte, without
 * trusting it: the status line and headers are kept as raw ISO-8859-1 text so a stray byte shows, the
 * body is read by {@code Content-Length}, chunked coding or to the end, and an event stream is not read
 * past its head.
 */
final class FuzzClient {

    /** What came back: null fields when nothing did. */
    record Reply(String statusLine, int status, String reason, List<String[]> headers, byte[] body, String problem) {

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        boolean answered() {
            return statusLine != null;
        }

        String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_BODY = 4 << 20;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    FuzzClient(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends the case. A case the server may not answer (cut short) is sent, then the sending side is shut so
     * the server sees the end; a write the server refuses half-way (it answered early and closed) is not an
     * error: the answer it sent is still read.
     */
    Reply send(FuzzCase c) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(c.bytes());
                out.flush();
                if (c.expect() == FuzzCase.Expect.ANY) {
                    socket.shutdownOutput();
                }
            } catch (IOException refused) {
                // the server answered (e.g. 413) and closed before taking everything: read what it said
            }
            try {
                return read(socket.getInputStream(), c.head());
            } catch (SocketTimeoutException e) {
                return new Reply(null, 0, null, List.of(), null, "no answer within " + timeoutMillis + " ms");
            } catch (IOException e) {
                return new Reply(null, 0, null, List.of(), null, "connection failed: " + e.getMessage());
            }
        }
    }

    private static Reply read(InputStream in, boolean head) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                return new Reply(null, 0, null, List.of(), null, "closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                return new Reply(statusLine, 0, "", List.of(), null, "unreadable status line");
            }
            String reason = parts.length > 2 ? parts[2] : "";
            List<String[]> headers = new ArrayList<>();
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                headers.add(colon < 0 ? new String[] {h, ""} : new String[] {h.substring(0, colon), h.substring(colon + 1).strip()});
            }
            Reply partial = new Reply(statusLine, status, reason, headers, new byte[0], null);
            if (status == 100) {
                continue; // 100 Continue: the real answer follows
            }
            String type = partial.header("Content-Type");
            if (head || status == 204 || status == 304 || type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                return partial;
            }
            byte[] body;
            String length = partial.header("Content-Length");
            String coding = partial.header("Transfer-Encoding");
            if (coding != null && coding.equalsIgnoreCase("chunked")) {
                body = chunked(in);
            } else if (length != null) {
                int n = Integer.parseInt(length.trim());
                body = in.readNBytes(Math.min(n, MAX_BODY));
            } else {
                body = in.readNBytes(MAX_BODY);
            }
            return new Reply(statusLine, status, reason, headers, body, null);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_BODY) {
            String size = line(in);
            if (size == null) {
                break;
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                line(in);
                break;
            }
            out.writeBytes(in.readNBytes(n));
            line(in);
        }
        return out.toByteArray();
    }

    /** One line up to LF, CR removed from its end, bytes as ISO-8859-1; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = buf.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(c);
            if (buf.size() > 64 * 1024) {
                throw new IOException("line longer than 64 KiB");
            }
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }
}
