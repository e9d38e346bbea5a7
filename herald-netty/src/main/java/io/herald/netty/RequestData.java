package io.herald.netty;

import io.herald.Selectors;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An immutable copy of one request, taken on the event loop so the Netty message can be released at once
 * and the worker thread never touches reference-counted buffers.
 */
final class RequestData {

    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9._~\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    final String method;
    final String uri;
    final String path;
    /** Path segments, each percent-decoded on its own (so {@code %2F} stays inside its segment); empty ones dropped. */
    final List<String> segments;
    final Map<String, List<String>> query;
    final HttpHeaders headers;
    final byte[] body;
    final boolean keepAlive;
    final boolean http10;
    final String remoteAddress;
    final String baseUrl;

    private RequestData(FullHttpRequest req, Channel channel) {
        method = req.method().name().toUpperCase(java.util.Locale.ROOT);
        uri = req.uri();
        QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
        String decodedPath;
        List<String> segs;
        try {
            decodedPath = decoder.path();
            segs = decodeSegments(decoder.rawPath());
        } catch (IllegalArgumentException e) {
            // malformed escapes (e.g. "%zz"): treat as a path that matches nothing
            decodedPath = decoder.rawPath();
            segs = List.of("\u0000invalid");
        }
        path = decodedPath;
        segments = segs;
        Map<String, List<String>> q = new LinkedHashMap<>();
        decoder.parameters().forEach((k, v) -> q.put(k, List.copyOf(v)));
        query = Collections.unmodifiableMap(q);
        headers = req.headers().copy();
        body = ByteBufUtil.getBytes(req.content());
        keepAlive = HttpUtil.isKeepAlive(req);
        http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
        remoteAddress = hostAddress(channel.remoteAddress());
        baseUrl = baseUrl(headers.get(HttpHeaderNames.HOST), channel.localAddress());
    }

    /**
     * The decoded path as it may appear in a message or a log line: control characters and line separators
     * shown as {@code \\uXXXX}, at most 200 characters.
     */
    String shownPath() {
        String p = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return Selectors.printable(p);
    }

    static RequestData of(FullHttpRequest req, Channel channel) {
        return new RequestData(req, channel);
    }

    private static List<String> decodeSegments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                // '+' is a literal plus in a path, not a space
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return List.copyOf(out);
    }

    private static String hostAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** {@code http://} + Host header when it looks like a host name, else the local address the client reached. */
    static String baseUrl(String host, SocketAddress local) {
        if (host != null && host.length() <= 255 && SAFE_HOST.matcher(host).matches()) {
            return "http://" + host;
        }
        if (local instanceof InetSocketAddress inet) {
            String h = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            if (h.indexOf(':') >= 0) {
                int zone = h.indexOf('%');
                h = "[" + (zone >= 0 ? h.substring(0, zone) : h) + "]";
            }
            return "http://" + h + ":" + inet.getPort();
        }
        return "http://localhost";
    }
}
