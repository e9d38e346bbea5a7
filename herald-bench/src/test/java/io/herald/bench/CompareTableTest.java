package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareTableTest {

    private static Map<String, Object> run(String label, String client, double cpuPerMillion, double p99) {
        Json step = new Json().put("rate", 10.0).put("deliveredPerSec", 100000.0).put("p50Ms", 5.0).put("p99Ms", p99)
                .put("p999Ms", p99 * 2).put("serverCpuSecPerMillion", cpuPerMillion).put("serverCpuPct", 50.0)
                .put("clientCpuSecPerMillion", 1.0).put("clientCpuPct", 10.0).put("otherCpuPct", 3.0)
                .put("missingAtSnapshot", 0).put("duplicates", 0).put("reordered", 0);
        return Json.read(new Json().put("scenario", "fanout").put("target", label).put("label", label).put("client", client)
                .put("compareId", "x").put("subscribers", 10000).put("channels", 1).put("servers", 1).put("established", 10000)
                .put("serverRssBytesPerConn", 3000.0).put("serverIdleCpuPct", 0.5).put("clientIdleCpuPct", 0.1)
                .put("idleHeartbeatsPerSec", 0.0).put("serverIdleCpuUsPerHeartbeat", Double.NaN).put("idleDisconnects", 0)
                .put("serverCpus", "1").put("clientCpus", "0").put("steps", List.of(step)).toString());
    }

    @Test
    void ratiosCompareEachServerWithNchanAndTheFloorPerClient() {
        String md = CompareTable.render("x", List.of(run("floor", "native", 6.0, 80), run("nchan", "native", 9.0, 100),
                run("herald", "native", 12.0, 150)));
        assertThat(md).contains("| 10 | native | herald / nchan | 1.33 | 1.50 |");
        assertThat(md).contains("| 10 | native | herald / floor | 2.00 | 1.88 |");
        assertThat(md).doesNotContain("nchan / floor");
        assertThat(md).contains("| 10 | native | herald | 100,000 | 5.0 | 150.0 | 300.0 | 12.00 | - |");
    }

    @Test
    void referencesAreNchanAndFloorVariants() {
        List<String[]> pairs = CompareTable.pairs(new LinkedHashSet<>(List.of("floor-uring", "nchan", "herald", "herald-io2")));
        assertThat(pairs).extracting(p -> p[0] + "/" + p[1])
                .containsExactly("herald/floor-uring", "herald/nchan", "herald-io2/floor-uring", "herald-io2/nchan",
                        "herald/herald-io2");
    }
}
