package io.herald.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a request came from: the client's IP address and the scheme and host it used. Taken from the
 * container's view of the connection, or, when the application says it is behind {@code n} trusted
 * proxies, from the forwarding entry those proxies wrote ({@code n} places from the right): entries
 * further left are written by the client and could say anything.
 *
 * @param address the client's IP address, without brackets or port, e.g. {@code 127.0.0.1}
 * @param scheme  {@code http} or {@code https}
 * @param host    host and optional port as the client addressed them, checked to be a plain host name
 *                or IP literal (so it is safe inside a URL sent back to clients)
 */
record ClientOrigin(String address, String scheme, String host) {

    private static final Pattern SAFE_HOST =
            Pattern.compile("[A-Za-z0-9._~\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    static ClientOrigin of(HttpServletRequest req, int trustedProxies) {
        String address = stripBrackets(req.getRemoteAddr());
        String scheme = req.getScheme() == null ? "http" : req.getScheme().toLowerCase(Locale.ROOT);
        String host = safeHost(req.getHeader("Host"));
        if (trustedProxies > 0) {
            List<String> forwarded = values(req.getHeaders("Forwarded"));
            if (!forwarded.isEmpty()) {
                String element = forwarded.get(Math.max(0, forwarded.size() - trustedProxies));
                address = firstNonNull(ip(parameter(element, "for")), address);
                scheme = firstNonNull(scheme(parameter(element, "proto")), scheme);
                host = firstNonNull(safeHost(parameter(element, "host")), host);
            } else {
                List<String> xff = values(req.getHeaders("X-Forwarded-For"));
                if (!xff.isEmpty()) {
                    address = firstNonNull(ip(xff.get(Math.max(0, xff.size() - trustedProxies))), address);
                }
                List<String> proto = values(req.getHeaders("X-Forwarded-Proto"));
                if (!proto.isEmpty()) {
                    scheme = firstNonNull(scheme(proto.get(Math.max(0, proto.size() - trustedProxies))), scheme);
                }
                List<String> xfh = values(req.getHeaders("X-Forwarded-Host"));
                if (!xfh.isEmpty()) {
                    host = firstNonNull(safeHost(xfh.get(Math.max(0, xfh.size() - trustedProxies))), host);
                }
            }
        }
        if (host == null) {
            host = hostPort(req.getLocalAddr(), req.getLocalPort());
        }
        return new ClientOrigin(address, scheme, host);
    }

    /** {@code scheme://host}, no trailing slash. */
    String origin() {
        return scheme + "://" + host;
    }

    /** Every comma-separated entry of every header line with this name, trimmed, in order; quotes respected. */
    static List<String> values(Enumeration<String> lines) {
        if (lines == null || !lines.hasMoreElements()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Collections.list(lines)) {
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == ',' && !quoted) {
                    out.add(current.toString().trim());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            out.add(current.toString().trim());
        }
        return out;
    }

    /** One {@code name=value} pair of a {@code Forwarded} element, unquoted; null when absent. */
    static String parameter(String element, String name) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = pair.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /**
     * An IP address from a forwarding entry ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711},
     * {@code 2001:db8::1}); null for anything else ({@code unknown}, obfuscated names, garbage).
     */
    static String ip(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            v = end < 0 ? "" : v.substring(1, end);
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            v = v.substring(0, v.indexOf(':')); // IPv4 with a port
        }
        return !v.isEmpty() && v.length() <= 45 && IP_CHARS.matcher(v).matches() ? v : null;
    }

    private static String scheme(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("http") || v.equals("https") ? v : null;
    }

    /** The host if it is a plain name or IP literal with an optional port, else null. */
    static String safeHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.trim();
        return !h.isEmpty() && h.length() <= 255 && SAFE_HOST.matcher(h).matches() ? h : null;
    }

    private static String stripBrackets(String address) {
        if (address != null && address.startsWith("[") && address.endsWith("]")) {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    private static String hostPort(String address, int port) {
        String a = address == null ? "localhost" : stripBrackets(address);
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
