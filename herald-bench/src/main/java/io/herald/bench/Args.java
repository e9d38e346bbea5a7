package io.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal {@code --name value} command-line options with typed getters and clear errors. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    values.put(a.substring(2, eq), a.substring(eq + 1));
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    values.put(a.substring(2), argv[++i]);
                } else {
                    values.put(a.substring(2), "true");
                }
            } else {
                positional.add(a);
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String str(String name, String def) {
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        String v = values.get(name);
        try {
            return v == null ? def : Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + v);
        }
    }

    double dbl(String name, double def) {
        String v = values.get(name);
        try {
            return v == null ? def : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number: " + v);
        }
    }

    List<String> list(String name, String def) {
        String v = values.getOrDefault(name, def);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    /** Forwards every option, for the shard child processes. */
    List<String> toArgv() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            out.add("--" + k);
            out.add(v);
        });
        return out;
    }
}
