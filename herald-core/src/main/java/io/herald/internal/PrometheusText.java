package io.herald.internal;

import java.util.Map;
import java.util.Set;

/** The back-end's counters in Prometheus' text format: {@code herald_<snake_name>}. */
public final class PrometheusText {

    /** Values that go up and down; every other stat only grows and is exposed as a counter. */
    private static final Set<String> GAUGES = Set.of("subscriptions", "channels", "historyEvents", "historyBytes");

    private PrometheusText() {
    }

    public static String of(Map<String, Long> stats) {
        StringBuilder sb = new StringBuilder(stats.size() * 64);
        for (Map.Entry<String, Long> e : stats.entrySet()) {
            boolean gauge = GAUGES.contains(e.getKey());
            String name = "herald_" + snake(e.getKey()) + (gauge ? "" : "_total");
            sb.append("# TYPE ").append(name).append(gauge ? " gauge\n" : " counter\n");
            sb.append(name).append(' ').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                sb.append('_');
            }
        }
        String s = sb.toString();
        return s.startsWith("total_") ? s.substring(6) : s;
    }
}
