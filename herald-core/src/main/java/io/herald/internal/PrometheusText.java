package io.herald.internal;

import io.herald.Statistic;
import java.util.List;

/**
 * Statistics in Prometheus' text format: the meter name with dots as underscores, {@code _total} after
 * counters (so {@code herald.connections} is {@code herald_connections_total}).
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    public static String of(List<Statistic> statistics) {
        StringBuilder sb = new StringBuilder(statistics.size() * 96);
        for (Statistic s : statistics) {
            boolean gauge = s.kind() == Statistic.Kind.GAUGE;
            String name = s.meterName().replace('.', '_') + (gauge ? "" : "_total");
            sb.append("# HELP ").append(name).append(' ').append(s.description()).append('\n');
            sb.append("# TYPE ").append(name).append(gauge ? " gauge\n" : " counter\n");
            sb.append(name).append(' ').append(s.value()).append('\n');
        }
        return sb.toString();
    }
}
