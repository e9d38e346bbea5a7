package io.herald.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A tiny HTTP/1.1 client over a raw socket, so tests see exactly what is on the wire. */
final class RawHttp {

    record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends {@code request} as it is and reads everything until the server closes. */
    static byte[] sendRaw(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return s.getInputStream().readAllBytes();
        }
    }

    /** One request with {@code Connection: close}; the body (if any) is sent as UTF-8. */
    static Response request(int port, String method, String target, Map<String, String> headers, String body)
            throws IOException {
        return requestBytes(port, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** One request with {@code Connection: close} and these exact body bytes (null for none). */
    static Response requestBytes(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body;
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        sb.append("Connection: close\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            sb.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        sb.append("\r\n");
        try (Socket s = connect(port)) {
            s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            return parse(s.getInputStream().readAllBytes(), method.equals("HEAD"));
        }
    }

    static Response get(int port, String target) throws IOException {
        return request(port, "GET", target, Map.of(), null);
    }

    /** Parses one complete response (Content-Length, chunked or read-to-close body). */
    static Response parse(byte[] raw, boolean head) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new AssertionError("No complete response head in: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        int start = end + 4;
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (head) {
            body = new byte[0];
        } else if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            body = dechunk(raw, start);
        } else if (cl != null) {
            int n = Integer.parseInt(cl.get(0));
            body = java.util.Arrays.copyOfRange(raw, start, start + n);
        } else {
            body = java.util.Arrays.copyOfRange(raw, start, raw.length);
        }
        return new Response(Integer.parseInt(statusLine[1]), statusLine.length > 2 ? statusLine[2] : "", headers, body);
    }

    private static byte[] dechunk(byte[] raw, int pos) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, pos);
            int size = Integer.parseInt(new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(raw, pos, size);
            pos += size + 2;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Reads the response head (status line and headers) of a streaming response, byte by byte. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] crlfcrlf = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == crlfcrlf[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("Expected " + n + " bytes, got " + b.length + ": "
                    + new String(b, StandardCharsets.ISO_8859_1));
        }
        return b;
    }
}
