package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's client example, line for line (printing replaced by queues), against the real server. */
class ReadmeExampleRealServerIT extends RealServerTestBase {

    @Test
    void readmeExampleWorks() throws Exception {
        BlockingQueue<Object> printed = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        BlockingQueue<String> reloads = new LinkedBlockingQueue<>();

        ServerEventsClient client = ServerEventsClient.builder(server.baseUrl())
                .channels("home")
                .handler("chat", msg -> printed.add(msg.getBodyAs(Map.class).get("message")))
                .onResume(r -> { if (!r.isRecovered()) reloads.add("reload"); })
                .onException(errors::add)
                .build();
        ServerEventConnect me = client.connect().get(5, TimeUnit.SECONDS);
        client.getServiceClient().post("/channels/home/chat", Map.of("from", me.getId(), "message", "hello"), Void.class);
        assertThat(poll(printed)).isEqualTo("hello");
        client.close();

        assertThat(errors).isEmpty();
        assertThat(reloads).isEmpty();
        assertThat(server.events().getAllSubscriptionInfos()).as("close() unregistered").isEmpty();
    }
}
