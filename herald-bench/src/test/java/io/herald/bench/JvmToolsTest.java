package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmToolsTest {

    @Test
    void liveHeapSumsTheGenerationsWithoutMetaspace() {
        String serial = """
                 def new generation   total 314560K, used 22375K [0x00000000c0000000, 0x00000000d5550000, 0x00000000d5550000)
                  eden space 279616K,   8% used [0x00000000c0000000, 0x00000000c15d9c88, 0x00000000d1110000)
                 tenured generation   total 699072K, used 1024K [0x00000000d5550000, 0x0000000100000000, 0x0000000100000000)
                   the space 699072K,   0% used [0x00000000d5550000, 0x00000000d5550000, 0x00000000d5550200, 0x0000000100000000)
                 Metaspace       used 10230K, committed 10496K, reserved 1114112K
                  class space    used 1124K, committed 1280K, reserved 1048576K
                """;
        assertThat(JvmTools.usedKb(serial)).isEqualTo(23399);
        assertThat(JvmTools.usedKb(" garbage-first heap   total 1048576K, used 4925K [0x0, 0x1)\n Metaspace used 1K, committed 2K"))
                .isEqualTo(4925);
    }

    @Test
    void pinningPrefixesTasksetOrLeavesTheCommand() {
        assertThat(Pinning.command(List.of("nginx", "-c", "x"), "1")).containsExactly("taskset", "-c", "1", "nginx", "-c", "x");
        assertThat(Pinning.command(List.of("nginx"), "")).containsExactly("nginx");
        assertThatThrownBy(() -> Pinning.command(List.of("nginx"), "1;rm")).hasMessageContaining("--server-cpus").hasMessageContaining("1;rm");
    }
}
