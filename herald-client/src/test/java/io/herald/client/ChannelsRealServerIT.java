package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channels against the real Herald server: multi-channel delivery, presence, live (un)subscribe (A17-A23). */
class ChannelsRealServerIT extends RealServerTestBase {

    private static long chats(Probe p) {
        return p.allMessages.stream().filter(m -> "cmd.chat".equals(m.getSelector())).count();
    }

    /** A17. */
    @Test
    void clientsOnMoreChannelsGetMoreMessages() throws Exception {
        Probe a = probe("A");
        Probe ab = probe("A", "B");
        Probe abc = probe("A", "B", "C");
        Probe abcd = probe("A", "B", "C", "D");
        List<Probe> all = List.of(a, ab, abc, abcd);
        assertThat(a.client.getChannelSubscribers()).hasSize(4);
        assertThat(a.client.getChannelSubscribers()).hasSize(4);

        for (int round = 1; round <= 2; round++) {
            for (String channel : List.of("A", "B", "C", "D")) {
                chat(a.client, channel, "round " + round + " to " + channel);
            }
            sync(a, ab, abc, abcd);
            List<Long> counts = new ArrayList<>();
            all.forEach(p -> counts.add(chats(p)));
            assertThat(counts).as("round " + round).containsExactly(1L * round, 2L * round, 3L * round, 4L * round);
        }
        all.forEach(p -> assertThat(p.errors).isEmpty());
    }

    /** A18. */
    @Test
    void joinsLeavesAndSubscriberCountsForOverlappingChannels() throws Exception {
        Probe a = probe("A");
        Probe b = probe("B");
        Probe ab = probe("A", "B");
        sync(a, b, ab);
        assertThat(a.joins).extracting(ServerEventJoin::getDisplayName)
                .containsExactly(a.info().getDisplayName(), ab.info().getDisplayName());
        assertThat(b.joins).extracting(ServerEventJoin::getDisplayName)
                .containsExactly(b.info().getDisplayName(), ab.info().getDisplayName());
        assertThat(ab.joins).extracting(ServerEventJoin::getChannel).containsExactly("A", "B");

        assertThat(a.client.getChannelSubscribers()).hasSize(2);
        assertThat(b.client.getChannelSubscribers()).hasSize(2);
        assertThat(ab.client.getChannelSubscribers()).as("A+B, each subscriber once").hasSize(3);
        JsonNode service = a.client.getServiceClient().get("/api/GetEventSubscribers?channels=A", JsonNode.class);
        assertThat(service).hasSize(2);
        service = a.client.getServiceClient().get("/api/GetEventSubscribers?channels=B", JsonNode.class);
        assertThat(service).hasSize(2);
        service = a.client.getServiceClient().get("/api/GetEventSubscribers?channels=A,B", JsonNode.class);
        assertThat(service).hasSize(3);

        String abName = ab.info().getDisplayName();
        ab.client.stop();
        assertThat(poll(a.leaves).getDisplayName()).isEqualTo(abName);
        assertThat(poll(b.leaves).getDisplayName()).isEqualTo(abName);
        b.client.stop();
        sync(a);
        a.client.stop();
        assertThat(a.leaves).as("A: only AB's leave").isEmpty();
        assertThat(b.leaves).as("B: only AB's leave").isEmpty();
        assertThat(ab.leaves).as("AB left first").isEmpty();
    }

    /** A19 (ignored upstream): the multi-channel client joins first and sees everyone come and go. */
    @Test
    void multiChannelClientSeesAllJoinsAndLeaves() throws Exception {
        Probe ab = probe("A", "B");
        Probe a = probe("A");
        Probe b = probe("B");
        sync(ab, a, b);
        assertThat(ab.joins).extracting(j -> j.getChannel() + " " + j.getDisplayName()).containsExactly(
                "A " + ab.info().getDisplayName(), "B " + ab.info().getDisplayName(),
                "A " + a.info().getDisplayName(), "B " + b.info().getDisplayName());
        assertThat(a.joins).hasSize(1);
        assertThat(b.joins).hasSize(1);

        a.client.stop();
        b.client.stop();
        assertThat(poll(ab.leaves).getChannel()).isEqualTo("A");
        assertThat(poll(ab.leaves).getChannel()).isEqualTo("B");
        sync(ab);
        assertThat(ab.leaves).isEmpty();
        assertThat(a.leaves).isEmpty();
        assertThat(b.leaves).isEmpty();
    }

    /** A20. */
    @Test
    void subscribeWhilstConnected() throws Exception {
        Probe one = probe("A");
        Probe two = probe("B");
        chat(two.client, "B", "to B");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(0L, 1L);

        one.client.subscribeToChannels("B");
        chat(two.client, "B", "to B");
        chat(two.client, "C", "to C");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(1L, 2L);
        assertThat(one.client.getChannels()).containsExactly("A", "B");
        assertThat(two.client.getChannels()).containsExactly("B");
        assertThat(one.client.getEventStreamUri().toString()).endsWith("?channels=A,B");
        assertThat(two.client.getEventStreamUri().toString()).endsWith("?channels=B");

        one.client.subscribeToChannels("C");
        two.client.subscribeToChannels("C");
        chat(two.client, "C", "to C");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(2L, 3L);
        assertThat(one.client.getChannels()).containsExactly("A", "B", "C");
        assertThat(two.client.getChannels()).containsExactly("B", "C");
        assertThat(one.client.getEventStreamUri().toString()).endsWith("?channels=A,B,C");
        assertThat(two.client.getEventStreamUri().toString()).endsWith("?channels=B,C");
        assertThat(server.events().getSubscriptionInfo(one.info().getId()).channels()).containsExactly("A", "B", "C");
    }

    /** A21. */
    @Test
    void unsubscribeWhilstConnected() throws Exception {
        Probe one = probe("A", "B", "C");
        Probe two = probe("B", "C");
        chat(two.client, "B", "to B");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(1L, 1L);

        one.client.unsubscribeFromChannels("B");
        chat(two.client, "B", "to B");
        chat(two.client, "C", "to C");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(2L, 3L);
        assertThat(one.client.getChannels()).containsExactly("A", "C");
        assertThat(two.client.getChannels()).containsExactly("B", "C");
        assertThat(one.client.getEventStreamUri().toString()).endsWith("?channels=A,C");
        assertThat(two.client.getEventStreamUri().toString()).endsWith("?channels=B,C");

        one.client.unsubscribeFromChannels("C");
        two.client.unsubscribeFromChannels("C");
        chat(two.client, "C", "to C");
        sync(one, two);
        assertThat(List.of(chats(one), chats(two))).containsExactly(2L, 3L);
        assertThat(one.client.getChannels()).containsExactly("A");
        assertThat(two.client.getChannels()).containsExactly("B");
        assertThat(one.client.getEventStreamUri().toString()).endsWith("?channels=A");
        assertThat(two.client.getEventStreamUri().toString()).endsWith("?channels=B");
    }

    /** A23. */
    @Test
    void tenBackToBackChatsArriveInOrder() throws Exception {
        Probe p = probe("A");
        for (int i = 1; i <= 10; i++) {
            chat(p.client, "A", "msg" + i);
        }
        List<String> received = new ArrayList<>();
        while (received.size() < 10) {
            ServerEventMessage m = poll(p.messages);
            received.add(m.getBodyAs(TestTypes.ChatMessage.class).message);
        }
        assertThat(received).containsExactly("msg1", "msg2", "msg3", "msg4", "msg5", "msg6", "msg7", "msg8", "msg9",
                "msg10");
        sync(p);
        assertThat(p.messages).isEmpty();
    }
}
