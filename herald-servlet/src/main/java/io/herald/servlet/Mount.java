package io.herald.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;

/**
 * Where the servlet is mounted, from {@link HeraldServletOptions#mountPath()} or else the mapping that
 * matched the request: the path Herald sees is the part below the mount ({@code /sse/*} and
 * {@code /sse/event-stream} give {@code /event-stream}), and the prefix (context path plus mount, as
 * configured rather than as the client spelled it) goes in front of every URL Herald sends back.
 *
 * @param path   the decoded path below the mount, starting with {@code /}
 * @param prefix the URL prefix, e.g. {@code /app/sse}, or empty at the root; percent-encoded
 */
record Mount(String path, String prefix) {

    /**
     * @param mountPath where Herald's paths start below the context path, or null to take it from the
     *                  mapping that matched
     */
    static Mount of(HttpServletRequest req, String mountPath) {
        String context = req.getServletContext() == null ? "" : req.getServletContext().getContextPath();
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String pathInfo = req.getPathInfo();
        if (mountPath != null) {
            String full = servletPath + (pathInfo == null ? "" : pathInfo);
            String path = full.equals(mountPath) || full.startsWith(mountPath + "/") ? full.substring(mountPath.length())
                    : full;
            return new Mount(path.isEmpty() ? "/" : path, context + encode(mountPath));
        }
        HttpServletMapping mapping = req.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == MappingMatch.PATH) {
            String pattern = mapping.getPattern(); // "/sse/*" or "/*"
            String mount = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : servletPath;
            return new Mount(pathInfo == null || pathInfo.isEmpty() ? "/" : pathInfo, context + encode(mount));
        }
        if (match == MappingMatch.CONTEXT_ROOT) {
            return new Mount("/", context);
        }
        // default ("/"), exact and extension mappings: the whole path inside the context is Herald's
        String path = servletPath + (pathInfo == null ? "" : pathInfo);
        return new Mount(path.isEmpty() ? "/" : path, context);
    }

    /** Percent-encodes what may not stand in a URL path as it is (mount patterns are normally plain ASCII). */
    static String encode(String path) {
        StringBuilder sb = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0);
            if (plain) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(path.length() + 16).append(path, 0, i);
            }
            int cp = path.codePointAt(i);
            if (Character.charCount(cp) == 2) {
                i++;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb == null ? path : sb.toString();
    }
}
