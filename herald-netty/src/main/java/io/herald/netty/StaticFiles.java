package io.herald.netty;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Serves files under a class-path prefix ({@code web/} serves {@code web/app.js} as {@code /app.js}, and
 * {@code web/index.html} for {@code /} and for any directory).
 *
 * <p>Only plain names are accepted: a segment that is {@code .} or {@code ..}, starts with a dot, or
 * holds a slash, backslash or NUL once decoded answers 404, so a path can never leave the prefix. Files
 * from jars are cached in memory (they cannot change); files from directories are read each time so
 * edits show up during development. Responses carry an {@code ETag} (content checksum) and
 * {@code Last-Modified}, and honour {@code If-None-Match} and {@code If-Modified-Since} with {@code 304}.
 */
final class StaticFiles {

    private static final int MAX_CACHED_BYTES = 1 << 20;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    private record File(byte[] content, String contentType, long lastModified, String etag) {
    }

    private final String prefix;
    private final ClassLoader loader;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    StaticFiles(String prefix, ClassLoader loader) {
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.loader = loader;
    }

    /** The response for a GET or HEAD, or null when there is no such file. */
    FullHttpResponse serve(RequestData req) {
        File file = find(req.segments);
        if (file == null) {
            return null;
        }
        if (notModified(req, file)) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            res.headers().set(HttpHeaderNames.ETAG, file.etag);
            if (file.lastModified > 0) {
                res.headers().set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(file.lastModified)));
            }
            return res;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(file.content));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, file.content.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set(HttpHeaderNames.ETAG, file.etag);
        if (file.lastModified > 0) {
            res.headers().set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(file.lastModified)));
        }
        return res;
    }

    /** If-None-Match wins over If-Modified-Since, as RFC 9110 says. */
    private static boolean notModified(RequestData req, File file) {
        String match = req.headers.get(HttpHeaderNames.IF_NONE_MATCH);
        if (match != null) {
            for (String tag : match.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(file.etag) || t.equals("W/" + file.etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = req.headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since != null && file.lastModified > 0) {
            Date d = DateFormatter.parseHttpDate(since);
            return d != null && file.lastModified / 1000 <= d.getTime() / 1000;
        }
        return false;
    }

    /** True when a file exists at this path (used to answer 405 rather than 404 to other methods). */
    boolean exists(RequestData req) {
        return find(req.segments) != null;
    }

    private File find(List<String> segments) {
        StringBuilder name = new StringBuilder(prefix);
        for (String s : segments) {
            if (!plainName(s)) {
                return null;
            }
            name.append(s).append('/');
        }
        String base = name.toString();
        String resource = base.substring(0, base.length() - 1); // drop the last '/'
        File cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        File file = segments.isEmpty() ? null : load(resource);
        if (file == null) {
            String index = base.endsWith("/") && !base.isEmpty() ? base + "index.html" : "index.html";
            file = load(index);
        }
        return file;
    }

    private static boolean plainName(String s) {
        return !s.isEmpty() && s.charAt(0) != '.' && s.indexOf('/') < 0 && s.indexOf('\\') < 0 && s.indexOf('\0') < 0;
    }

    private File load(String resource) {
        File cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        URL url = loader.getResource(resource);
        if (url == null) {
            return null;
        }
        try {
            URLConnection conn = url.openConnection();
            boolean fromJar = conn instanceof JarURLConnection;
            if (fromJar && ((JarURLConnection) conn).getJarEntry().isDirectory()) {
                return null;
            }
            if ("file".equals(url.getProtocol()) && Files.isDirectory(Path.of(url.toURI()))) {
                return null;
            }
            byte[] content;
            try (InputStream in = conn.getInputStream()) {
                content = in.readAllBytes();
            }
            CRC32 crc = new CRC32();
            crc.update(content);
            String etag = "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(content.length) + "\"";
            File file = new File(content, contentType(resource), conn.getLastModified(), etag);
            if (fromJar && content.length <= MAX_CACHED_BYTES) {
                cache.put(resource, file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read class-path resource " + resource, e);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
