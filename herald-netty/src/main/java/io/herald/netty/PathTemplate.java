package io.herald.netty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ServiceStack-style route template such as {@code /channels/{channel}/chat}. Literal segments match
 * ignoring case; {@code {name}} matches one segment; a trailing {@code {name*}} matches the rest of the
 * path (possibly nothing). Empty segments are ignored, so {@code /a//b/} matches {@code /a/b}.
 */
final class PathTemplate {

    private final String text;
    private final List<String> literals = new ArrayList<>();
    /** Variable name per segment, or null for a literal. */
    private final List<String> variables = new ArrayList<>();
    private final boolean greedyTail;

    PathTemplate(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + template);
        }
        this.text = template;
        String[] parts = template.split("/");
        boolean greedy = false;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            if (greedy) {
                throw new IllegalArgumentException("route path may have a {name*} variable only at the end: " + template);
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                String name = p.substring(1, p.length() - 1);
                if (name.endsWith("*")) {
                    greedy = true;
                    name = name.substring(0, name.length() - 1);
                }
                if (name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("route path has an invalid variable '" + p + "': " + template);
                }
                literals.add(null);
                variables.add(name);
            } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0) {
                throw new IllegalArgumentException("route path segment must be a literal or a whole {variable}: '"
                        + p + "' in " + template);
            } else {
                literals.add(p);
                variables.add(null);
            }
        }
        this.greedyTail = greedy;
    }

    /** The variables if {@code segments} (decoded path segments) match, else null. */
    Map<String, String> match(List<String> segments) {
        int n = literals.size();
        if (greedyTail ? segments.size() < n - 1 : segments.size() != n) {
            return null;
        }
        Map<String, String> vars = null;
        for (int i = 0; i < n; i++) {
            String literal = literals.get(i);
            if (greedyTail && i == n - 1) {
                if (vars == null) {
                    vars = new LinkedHashMap<>();
                }
                vars.put(variables.get(i), String.join("/", segments.subList(i, segments.size())));
                break;
            }
            String seg = segments.get(i);
            if (literal != null) {
                if (!literal.equalsIgnoreCase(seg)) {
                    return null;
                }
            } else {
                if (vars == null) {
                    vars = new LinkedHashMap<>();
                }
                vars.put(variables.get(i), seg);
            }
        }
        return vars == null ? Map.of() : Collections.unmodifiableMap(vars);
    }

    @Override
    public String toString() {
        return text;
    }
}
