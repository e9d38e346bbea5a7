package io.herald.micrometer;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Prometheus scrape read back: samples by name and labels, and each family's {@code # TYPE}. */
record PrometheusText(String text, Map<String, Double> samples, Map<String, String> types) {

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new PrometheusText(text, samples, types);
    }

    /** The value of the sample written exactly so, e.g. {@code herald_subscriptions{backend="memory"}}. */
    double value(String sample) {
        Double v = samples.get(sample);
        if (v == null) {
            throw new AssertionError("no sample " + sample + " in the scrape:\n" + text);
        }
        return v;
    }

    /** {@code counter} or {@code gauge}: the {@code # TYPE} line's, by the name it gives (text format 0.0.4). */
    String type(String family) {
        String t = types.get(family);
        if (t == null) {
            throw new AssertionError("no # TYPE for " + family + " in the scrape:\n" + text);
        }
        return t;
    }
}
