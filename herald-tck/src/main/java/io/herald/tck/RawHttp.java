package io.herald.tck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client on a raw socket: it shows the exact status line, headers and
 * bytes, can send from another loopback address (127.0.0.2) and can send requests no well-behaved client
 * would (huge lines, odd methods).
 */
public final class RawHttp {

    /** A complete response. */
    public record Response(int status, String reason, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header, name matched case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Response get(String url) throws IOException {
        return send("GET", url, Map.of(), null, null);
    }

    public static Response post(String url) throws IOException {
        return send("POST", url, Map.of(), new byte[0], null);
    }

    public static Response post(String url, String contentType, String body) throws IOException {
        return send("POST", url, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Sends one request with {@code Connection: close} and reads the whole response.
     *
     * @param localAddress source address to bind, e.g. {@code 127.0.0.2}; null for any
     */
    public static Response send(String method, String url, Map<String, String> headers, byte[] body,
                                String localAddress) throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(10_000);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder req = new StringBuilder();
            req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            req.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                req.append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads a status line, headers and a body (Content-Length, chunked, or until close). */
    static Response read(InputStream in) throws IOException {
        String status = readLine(in);
        if (status == null) {
            throw new IOException("connection closed before a status line");
        }
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        Map<String, String> headers = readHeaders(in);
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            ChunkedReader chunks = new ChunkedReader(in);
            byte[] b = new byte[8192];
            int n;
            while ((n = chunks.read(b)) > 0) {
                buf.write(b, 0, n);
            }
            body = buf.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, reason, headers, body);
    }

    static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return headers;
    }

    /** One CRLF-terminated line, without the terminator; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = buf.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(c);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes HTTP/1.1 chunked transfer coding. A chunk's data is handed over as soon as it arrives: the
     * CRLF that ends it is read at the start of the next call, since a server may send it only with the
     * next chunk (Jetty does), and an event stream must not wait for the next event to see this one.
     */
    static final class ChunkedReader {
        private final InputStream in;
        private int left;
        private boolean crlfPending;
        private boolean done;

        ChunkedReader(InputStream in) {
            this.in = in;
        }

        /** Reads decoded bytes; 0 or less at the end of the body. */
        int read(byte[] b) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                if (crlfPending) {
                    crlfPending = false;
                    readLine(in); // CRLF after the previous chunk
                }
                String size = readLine(in);
                if (size == null) {
                    done = true;
                    return -1;
                }
                int semi = size.indexOf(';');
                left = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    readLine(in);
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, 0, Math.min(b.length, left));
            if (n < 0) {
                done = true;
                return -1;
            }
            left -= n;
            crlfPending = left == 0;
            return n;
        }
    }
}
