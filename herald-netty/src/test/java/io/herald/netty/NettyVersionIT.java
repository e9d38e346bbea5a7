package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integration tests run twice (see the pom): on the Netty herald-netty is built with and on the oldest one
 * it supports. This checks each run really has the Netty it claims on its class path, every module at that
 * version, and that the codec's pipelining limit is used exactly where Netty has it (4.2.18 and later).
 */
class NettyVersionIT {

    @Test
    void everyNettyModuleOnTheClassPathIsTheExpectedVersion() {
        String expected = System.getProperty("herald.netty.expected");
        assertThat(expected).as("system property herald.netty.expected (set by the failsafe configuration)")
                .isNotBlank();
        Map<String, Version> versions = Version.identify();
        assertThat(versions).containsKeys("netty-common", "netty-codec-http", "netty-handler", "netty-transport");
        versions.forEach((module, v) -> assertThat(v.artifactVersion()).as(module).isEqualTo(expected));

        assertThat(HttpCodecs.hasPipelineLimit()).as("HttpServerCodec(HttpDecoderConfig, int) on " + expected)
                .isEqualTo(atLeast(expected, 4, 2, 18));
    }

    private static boolean atLeast(String version, int... min) {
        String[] parts = version.split("[.]");
        for (int i = 0; i < min.length; i++) {
            int p = Integer.parseInt(parts[i]);
            if (p != min[i]) {
                return p > min[i];
            }
        }
        return true;
    }
}
