package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuTicksSkipsACommandNameWithSpacesAndParens() {
        String stat = "1234 (nginx: worker (x)) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 1 0 100 1000 200";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(325);
        assertThat(ProcStats.userTicks(stat)).isEqualTo(250);
    }

    @Test
    void kbFieldReadsStatusAndSmapsLines() {
        String status = "Name:\tnginx\nVmPeak:\t  100 kB\nVmRSS:\t   37904 kB\nThreads:\t1\n";
        assertThat(ProcStats.kbField(status, "VmRSS:")).isEqualTo(37904);
        assertThat(ProcStats.kbField("Rss: 10 kB\nPss:  7 kB\n", "Pss:")).isEqualTo(7);
        assertThat(ProcStats.kbField(status, "VmSwap:")).isZero();
    }

    @Test
    void ownProcessIsReadable() {
        ProcStats.Sample s = ProcStats.sample(List.of(ProcessHandle.current().pid()));
        assertThat(s.processes()).isGreaterThanOrEqualTo(1);
        assertThat(s.rssKb()).isPositive();
    }
}
