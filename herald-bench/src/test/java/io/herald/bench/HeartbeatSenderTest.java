package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatSenderTest {

    @Test
    void onConnectAnnouncesPathAndInterval() {
        String line = "cmd.onConnect {\"userId\":\"-1\",\"id\":\"q3Zr\",\"heartbeatUrl\":\"http://host/event-heartbeat?id=q3Zr\","
                + "\"heartbeatIntervalMs\":\"10000\",\"idleTimeoutMs\":\"30000\"}";
        HeartbeatSender.Announce a = HeartbeatSender.parse(line);
        assertThat(a).isNotNull();
        assertThat(a.pathAndQuery()).isEqualTo("/event-heartbeat?id=q3Zr");
        assertThat(a.intervalMillis()).isEqualTo(10_000);
    }

    @Test
    void noHeartbeatUrlOrOtherFirstLineMeansNoHeartbeats() {
        assertThat(HeartbeatSender.parse("cmd.onConnect {\"id\":\"x\"}")).isNull();
        assertThat(HeartbeatSender.parse("{\"s\":1,\"t\":2}")).isNull();
    }
}
