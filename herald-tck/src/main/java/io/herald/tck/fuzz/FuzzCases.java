package io.herald.tck.fuzz;

import io.herald.tck.fuzz.FuzzCase.Expect;
import io.herald.tck.fuzz.FuzzRoute.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the fuzz run: a deterministic sequence of requests from one seed. Each case is one family of
 * attack against the routes the target declares, the Server Events endpoints every Herald server has, and
 * the static files: hostile field values in JSON, forms, query strings and path variables; JSON bodies of
 * the wrong shape; broken percent-encoding and UTF-8; malformed request lines and headers; oversized
 * requests; requests cut short; path traversal. Valid requests are mixed in so the services really run.
 */
final class FuzzCases {

    /** What the generator needs to know about the running target. */
    record Target(String host, String senderId, String recipientUserId, List<String> channels,
                  List<FuzzRoute> routes, List<String> staticFiles, int maxRequestBytes) {
    }

    /** Routes of the Server Events feature at its default paths. */
    static final List<FuzzRoute> SERVER_EVENTS_ROUTES = List.of(
            FuzzRoute.of("GET", "/event-stream").field("channels", Kind.CHANNELS),
            FuzzRoute.of("POST", "/event-heartbeat").field("id", Kind.SUBSCRIPTION_ID),
            FuzzRoute.of("POST", "/event-unregister").field("id", Kind.FOREIGN_ID),
            FuzzRoute.of("GET", "/event-subscribers").field("channels", Kind.CHANNELS),
            FuzzRoute.of("POST", "/event-subscribers/{id}").field("id", Kind.SUBSCRIPTION_ID)
                    .field("SubscribeChannels", Kind.CHANNELS).field("UnsubscribeChannels", Kind.CHANNELS),
            FuzzRoute.of("POST", "/api/UpdateEventSubscriber").field("id", Kind.SUBSCRIPTION_ID)
                    .field("subscribeChannels", Kind.CHANNELS).field("unsubscribeChannels", Kind.CHANNELS),
            FuzzRoute.of("POST", "/api/GetEventSubscribers").field("channels", Kind.CHANNELS),
            FuzzRoute.of("POST", "/json/reply/UnRegisterEventSubscriber").field("id", Kind.FOREIGN_ID));

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
            "TRACE", "FOO", "get", "M-SEARCH", "PROPFIND");

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/json; charset=utf-16",
            "application/x-www-form-urlencoded; charset=iso-8859-1", "multipart/form-data; boundary=xyz",
            "application/xml", "application/json;;;", "*/*", "");

    /** Paths that try to leave the static root; none may be answered with a file. */
    private static final List<String> TRAVERSALS = List.of(
            "/../", "/..", "/../logback.xml", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/logback.xml", "/..%2flogback.xml", "/..%2Flogback.xml", "/js/..%2f..%2flogback.xml",
            "/js/../../logback.xml", "/..\\logback.xml", "/..%5clogback.xml", "/js/%2e%2e%5c%2e%2e%5clogback.xml",
            "/.%2e/logback.xml", "/%2e./logback.xml", "/..;/logback.xml", "/%2e%2e;/logback.xml", "/.../logback.xml",
            "/%c0%ae%c0%ae/logback.xml", "/%00/../logback.xml", "/..%00/logback.xml", "/.git/config", "/.env",
            "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..%252f..%252flogback.xml", "/js/..%c0%af..%c0%aflogback.xml",
            "/../io/herald/tck/fuzz/FuzzCases.class", "/%2e%2e/META-INF/MANIFEST.MF", "/.%00./logback.xml");

    private static final List<String> MALFORMED = List.of(
            "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", "GET  HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n folded: y\r\n\r\n", "GET / HTTP/1.1\r\n: empty\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "GET http://127.0.0.1/ HTTP/1.1\r\nHost: x\r\n\r\n", "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET / HTTP/1.1\nHost: x\n\n", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /event-stream?channels=%E2%80 HTTP/1.1\r\nHost: x\r\n\r\n", "GET /%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n\r\n",
            "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");

    private final Random random;
    private final Target target;
    private final List<FuzzRoute> routes;
    private int oversizedBodies;

    FuzzCases(long seed, Target target) {
        this.random = new Random(seed);
        this.target = target;
        List<FuzzRoute> all = new ArrayList<>(SERVER_EVENTS_ROUTES);
        all.addAll(target.routes());
        this.routes = List.copyOf(all);
    }

    /**
     * The systematic part of the run, before the random one: every field (and path variable) of every route
     * gets every {@link HostileValues#LINE_BREAKS line break}, followed by an attempt to forge an SSE field,
     * sent in turn as JSON, form and query string.
     */
    List<FuzzCase> lineBreakSweep() {
        List<FuzzCase> sweep = new ArrayList<>();
        Encoding[] encodings = Encoding.values();
        for (FuzzRoute route : routes) {
            for (String field : route.fields().keySet()) {
                for (String lineBreak : HostileValues.LINE_BREAKS) {
                    Map<String, Value> values = validValues(route);
                    Value hostile = Value.text(values.get(field).text() + lineBreak + "event: forged" + lineBreak
                            + "data: forged");
                    values.put(field, hostile);
                    Encoding encoding = route.isPathVariable(field) ? Encoding.JSON : encodings[sweep.size() % encodings.length];
                    sweep.add(send(sweep.size(), "line-breaks", route.method() + " " + route.path() + " " + field + "="
                            + hostile.shown() + " as " + encoding, route, values, encoding, Expect.ANSWER));
                }
            }
        }
        return sweep;
    }

    /** The next case; the same seed and target give the same sequence. */
    FuzzCase next(int index) {
        int roll = random.nextInt(100);
        if (roll < 10) {
            return valid(index);
        } else if (roll < 45) {
            return hostileFields(index);
        } else if (roll < 55) {
            return jsonShape(index);
        } else if (roll < 63) {
            return brokenEncoding(index);
        } else if (roll < 70) {
            return malformed(index);
        } else if (roll < 77) {
            return hostileHeaders(index);
        } else if (roll < 82) {
            return methods(index);
        } else if (roll < 90) {
            return traversal(index);
        } else if (roll < 94) {
            return oversized(index);
        } else if (roll < 97) {
            return cutShort(index);
        }
        return streamResume(index);
    }

    // ---- families ---------------------------------------------------------------------------------

    private FuzzCase valid(int index) {
        if (!target.staticFiles().isEmpty() && random.nextInt(5) == 0) {
            String file = HostileValues.pick(random, target.staticFiles());
            return build(index, "valid", "GET " + file, "GET", ascii(file), List.of(), null, Expect.ANSWER);
        }
        FuzzRoute route = pickRoute();
        return send(index, "valid", "valid " + route.method() + " " + route.path(), route, validValues(route),
                pickEncoding(route), Expect.ANSWER);
    }

    private FuzzCase hostileFields(int index) {
        FuzzRoute route = pickRoute();
        Map<String, Value> values = validValues(route);
        List<String> names = new ArrayList<>(values.keySet());
        if (names.isEmpty()) {
            return send(index, "hostile-query", route.path() + " with a hostile extra parameter", route,
                    Map.of("x", Value.text(HostileValues.text(random, "x"))), Encoding.QUERY, Expect.ANSWER);
        }
        int changes = 1 + random.nextInt(Math.min(2, names.size()));
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < changes; i++) {
            String name = HostileValues.pick(random, names);
            Value hostile = random.nextInt(4) == 0 && !route.isPathVariable(name)
                    ? Value.json(HostileValues.pick(random, HostileValues.JSON_VALUES))
                    : Value.text(HostileValues.text(random, values.get(name).text()));
            values.put(name, hostile);
            what.append(i == 0 ? "" : ", ").append(name).append('=').append(hostile.shown());
        }
        return send(index, "hostile-field", route.method() + " " + route.path() + " " + what, route, values,
                pickEncoding(route), Expect.ANSWER);
    }

    private FuzzCase jsonShape(int index) {
        FuzzRoute route = pickRoute();
        String body = HostileValues.pick(random, HostileValues.BODIES);
        String method = route.method();
        String path = fillPath(route, validValues(route));
        return build(index, "json-shape", method + " " + route.path() + " body " + shorten(body), method, ascii(path),
                List.of(header("Content-Type", "application/json")), utf8(body), Expect.ANSWER);
    }

    private FuzzCase brokenEncoding(int index) {
        FuzzRoute route = pickRoute();
        Map<String, Value> values = validValues(route);
        String path = fillPath(route, values);
        byte[] broken = HostileValues.pick(random, List.of(
                ascii("%zz"), ascii("%"), ascii("%e2%80"), ascii("%c0%af"), ascii("%ff%fe"), ascii("%ED%A0%80"),
                new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x80, (byte) 0xa8},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0x8a}, new byte[] {0}));
        String field = values.isEmpty() ? "x" : HostileValues.pick(random, new ArrayList<>(values.keySet()));
        return switch (random.nextInt(4)) {
            case 0 -> build(index, "encoding", "query " + field + " holds raw or broken bytes", route.method(),
                    concat(ascii(path + "?" + field + "="), broken), List.of(), null, Expect.ANSWER);
            case 1 -> build(index, "encoding", "form " + field + " holds raw or broken bytes", "POST", ascii(path),
                    List.of(header("Content-Type", "application/x-www-form-urlencoded")),
                    concat(ascii(field + "="), broken), Expect.ANSWER);
            case 2 -> build(index, "encoding", "JSON string " + field + " holds raw bytes", "POST", ascii(path),
                    List.of(header("Content-Type", "application/json")),
                    concat(ascii("{\"" + field + "\":\""), broken, ascii("\"}")), Expect.ANSWER);
            default -> build(index, "encoding", "path holds raw or broken bytes", route.method(),
                    concat(ascii(path + "/"), broken), List.of(), null, Expect.ANSWER);
        };
    }

    private FuzzCase malformed(int index) {
        if (random.nextInt(5) == 0) {
            byte[] noise = new byte[1 + random.nextInt(200)];
            random.nextBytes(noise);
            // the end of a header block, so the server has a whole (broken) request to answer
            return raw(index, "malformed", "random bytes", concat(noise, ascii("\r\n\r\n")), Expect.ANY);
        }
        if (random.nextInt(8) == 0) {
            byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
            return raw(index, "malformed", "TLS ClientHello on the HTTP port", concat(hello, ascii("\r\n\r\n")), Expect.ANY);
        }
        String request = HostileValues.pick(random, MALFORMED);
        return raw(index, "malformed", shorten(request), utf8(request), Expect.ANY);
    }

    private FuzzCase hostileHeaders(int index) {
        FuzzRoute route = pickRoute();
        Map<String, Value> values = validValues(route);
        List<byte[]> headers = new ArrayList<>();
        String what;
        byte[] body = null;
        switch (random.nextInt(7)) {
            case 0 -> {
                String type = HostileValues.pick(random, CONTENT_TYPES);
                headers.add(header("Content-Type", type));
                body = utf8(Encoding.JSON.body(values, random));
                what = "Content-Type " + type;
            }
            case 1 -> {
                headers.add(concat(ascii("Cookie: ss-id="), utf8(HostileValues.text(random, "abc")), ascii("; ss-pid=x")));
                what = "hostile Cookie";
            }
            case 2 -> {
                headers.add(concat(ascii("X-Custom: "), utf8(HostileValues.randomText(random))));
                what = "raw non-ASCII and control bytes in a header value";
            }
            case 3 -> {
                headers.add(ascii("Expect: 100-continue"));
                headers.add(header("Content-Type", "application/json"));
                body = utf8(Encoding.JSON.body(values, random));
                what = "Expect: 100-continue";
            }
            case 4 -> {
                headers.add(header("Content-Type", "application/json"));
                headers.add(ascii("Transfer-Encoding: chunked"));
                byte[] json = utf8(Encoding.JSON.body(values, random));
                body = concat(ascii(Integer.toHexString(json.length) + "\r\n"), json, ascii("\r\n0\r\n\r\n"));
                what = "chunked JSON body";
            }
            case 5 -> {
                for (int i = 0; i < 60; i++) {
                    headers.add(ascii("X-Many-" + i + ": " + "v".repeat(random.nextInt(100))));
                }
                what = "many headers";
            }
            default -> {
                headers.add(concat(ascii("Accept-Language: "), utf8(HostileValues.pick(random, HostileValues.FORGERIES)
                        .replace("\r", "").replace("\n", ""))));
                what = "separators in a header value";
            }
        }
        String method = route.method();
        String target = fillPath(route, values) + (body == null ? "?" + Encoding.QUERY.query(values) : "");
        return build(index, "headers", method + " " + route.path() + " " + what, method, ascii(target), headers,
                body, Expect.ANSWER);
    }

    private FuzzCase methods(int index) {
        FuzzRoute route = pickRoute();
        String method = HostileValues.pick(random, METHODS);
        Map<String, Value> values = validValues(route);
        return build(index, "method", method + " " + route.path(), method,
                ascii(fillPath(route, values) + "?" + Encoding.QUERY.query(values)), List.of(), null, Expect.ANSWER);
    }

    private FuzzCase traversal(int index) {
        String path = HostileValues.pick(random, TRAVERSALS);
        if (!target.staticFiles().isEmpty() && random.nextBoolean()) {
            String file = HostileValues.pick(random, target.staticFiles());
            int slash = file.lastIndexOf('/');
            path = file.substring(0, Math.max(0, slash)) + path; // start inside a real folder
        }
        String method = random.nextInt(4) == 0 ? "HEAD" : "GET";
        return build(index, "traversal", method + " " + path, method, ascii(path), List.of(), null, Expect.REFUSAL);
    }

    private FuzzCase oversized(int index) {
        FuzzRoute route = pickRoute();
        String path = fillPath(route, validValues(route));
        switch (random.nextInt(oversizedBodies < 2 ? 4 : 3)) {
            case 0 -> {
                return build(index, "oversized", "request line over 8 KiB", "GET",
                        ascii(path + "?q=" + "a".repeat(9000 + random.nextInt(4000))), List.of(), null, Expect.ANY);
            }
            case 1 -> {
                return build(index, "oversized", "header block over 16 KiB", route.method(), ascii(path),
                        List.of(ascii("X-Big: " + "b".repeat(17_000 + random.nextInt(8000)))), null, Expect.ANY);
            }
            case 2 -> {
                // announce a body over the limit and send only its start: the server must answer 413 at once
                byte[] start = ascii("POST " + path + " HTTP/1.1\r\nHost: " + target.host() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + (target.maxRequestBytes() + 1 + random.nextInt(1 << 20)) + "\r\n"
                        + "Connection: close\r\n\r\n{\"from\":\"");
                return raw(index, "oversized", "declared body over the limit", start, Expect.ANY);
            }
            default -> {
                oversizedBodies++;
                byte[] json = utf8("{\"message\":\"" + "m".repeat(target.maxRequestBytes() + 10) + "\"}");
                return build(index, "oversized", "body over the limit, sent in full", "POST", ascii(path),
                        List.of(header("Content-Type", "application/json")), json, Expect.ANY);
            }
        }
    }

    private FuzzCase cutShort(int index) {
        FuzzRoute route = pickRoute();
        Map<String, Value> values = validValues(route);
        byte[] whole = request("POST", ascii(fillPath(route, values)), List.of(header("Content-Type", "application/json")),
                utf8(Encoding.JSON.body(values, random)));
        int cut = 1 + random.nextInt(Math.max(1, whole.length - 2));
        byte[] part = java.util.Arrays.copyOf(whole, cut);
        return raw(index, "cut-short", "request cut after " + cut + " of " + whole.length + " bytes", part, Expect.ANY);
    }

    private FuzzCase streamResume(int index) {
        String channels = String.join(",", target.channels());
        String value = HostileValues.text(random, "12");
        if (random.nextBoolean()) {
            return build(index, "stream", "Last-Event-ID " + Value.text(value).shown(), "GET",
                    ascii("/event-stream?channels=" + channels),
                    List.of(concat(ascii("Last-Event-ID: "), utf8(value.replace("\r", "").replace("\n", "")))), null, Expect.ANSWER);
        }
        return build(index, "stream", "lastEventId " + Value.text(value).shown(), "GET",
                ascii("/event-stream?channels=" + channels + "&lastEventId=" + Encoding.pct(value)), List.of(), null, Expect.ANSWER);
    }

    // ---- building requests ------------------------------------------------------------------------

    private FuzzRoute pickRoute() {
        return HostileValues.pick(random, routes);
    }

    private Encoding pickEncoding(FuzzRoute route) {
        if (route.method().equals("GET")) {
            return random.nextInt(4) == 0 ? Encoding.JSON : Encoding.QUERY;
        }
        return HostileValues.pick(random, List.of(Encoding.JSON, Encoding.JSON, Encoding.FORM, Encoding.QUERY));
    }

    /** A valid value for every field, so only what the case changes is wrong. */
    private Map<String, Value> validValues(FuzzRoute route) {
        Map<String, Value> values = new LinkedHashMap<>();
        route.fields().forEach((name, kind) -> values.put(name, switch (kind) {
            case SUBSCRIPTION_ID -> Value.text(target.senderId());
            case FOREIGN_ID -> Value.text("A" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
            case CHANNEL -> Value.text(HostileValues.pick(random, target.channels()));
            case CHANNELS -> Value.text(String.join(",", target.channels()));
            case SELECTOR -> Value.text(HostileValues.pick(random, List.of("cmd.fuzz", "cmd.chat", "css.background$#top")));
            case USER_ID -> Value.text(target.recipientUserId());
            case TEXT -> Value.text(HostileValues.pick(random, List.of("hello", "fuzz " + random.nextInt(1000), "guest")));
            case NUMBER -> Value.json(Integer.toString(random.nextInt(20)));
            case OBJECT -> Value.json("{\"id\":" + random.nextInt(9) + ",\"name\":\"n\"}");
        }));
        return values;
    }

    private FuzzCase send(int index, String category, String description, FuzzRoute route, Map<String, Value> values,
                          Encoding encoding, Expect expect) {
        String path = fillPath(route, values);
        Map<String, Value> rest = new LinkedHashMap<>(values);
        rest.keySet().removeIf(route::isPathVariable);
        String method = route.method(); // a GET with a body is still bound, as ServiceStack does
        return switch (encoding) {
            case QUERY -> build(index, category, description, method, ascii(path + "?" + Encoding.QUERY.query(rest)),
                    List.of(), method.equals("GET") ? null : new byte[0], expect);
            case FORM -> build(index, category, description, method, ascii(path),
                    List.of(header("Content-Type", "application/x-www-form-urlencoded")), utf8(Encoding.FORM.query(rest)), expect);
            case JSON -> build(index, category, description, method, ascii(path),
                    List.of(header("Content-Type", "application/json")), utf8(Encoding.JSON.body(rest, random)), expect);
        };
    }

    /** The route's path with each {@code {name}} replaced by its (percent-encoded) value. */
    private static String fillPath(FuzzRoute route, Map<String, Value> values) {
        String path = route.path();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", Encoding.pct(e.getValue().text()));
        }
        return path;
    }

    private FuzzCase build(int index, String category, String description, String method, byte[] target,
                           List<byte[]> headers, byte[] body, Expect expect) {
        return new FuzzCase(index, category, description, request(method, target, headers, body), expect,
                method.equals("HEAD"));
    }

    private FuzzCase raw(int index, String category, String description, byte[] bytes, Expect expect) {
        return new FuzzCase(index, category, description, bytes, expect, false);
    }

    private byte[] request(String method, byte[] requestTarget, List<byte[]> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(method + " "));
        out.writeBytes(requestTarget);
        out.writeBytes(ascii(" HTTP/1.1\r\nHost: " + target.host() + "\r\n"));
        boolean chunked = false;
        for (byte[] h : headers) {
            out.writeBytes(h);
            out.writeBytes(ascii("\r\n"));
            chunked |= new String(h, StandardCharsets.ISO_8859_1).startsWith("Transfer-Encoding: chunked");
        }
        if (body != null && !chunked) {
            out.writeBytes(ascii("Content-Length: " + body.length + "\r\n"));
        }
        out.writeBytes(ascii("Connection: close\r\n"));
        out.writeBytes(ascii("\r\n"));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] header(String name, String value) {
        return utf8(name + ": " + value);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String shorten(String s) {
        return Value.text(s.length() > 60 ? s.substring(0, 60) + "..." : s).shown();
    }
}
