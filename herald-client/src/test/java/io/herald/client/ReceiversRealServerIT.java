package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Handlers, receivers and trigger listeners fed by the real Herald server's services (scenarios A10-A16, A22). */
class ReceiversRealServerIT extends RealServerTestBase {

    /** A10. */
    @Test
    void handlerGetsChatsInOrder() throws Exception {
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        Probe p = probe(builder().handler("chat", m -> handled.add(m.getBodyAs(TestTypes.ChatMessage.class).message)));
        chat(p.client, "*", "msg1");
        chat(p.client, "*", "msg2");
        assertThat(poll(handled)).isEqualTo("msg1");
        assertThat(poll(handled)).isEqualTo("msg2");
        assertThat(p.errors).isEmpty();
    }

    /** A11. */
    @Test
    void namedReceiverMethodsSetterAndNoSuchMethod() throws Exception {
        Probe p = probe(builder().receiver("test", TestTypes.TestNamedReceiver.class));
        object(p.client, "*", "test.FooMethod", "customType", 1, "Foo");
        object(p.client, "*", "test.BarMethod", "customType", 2, "Bar");
        object(p.client, "*", "test.BazMethod", "customType", 3, "Baz");
        object(p.client, "*", "test.QuxSetter", "customType", 4, "Qux");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("FooMethod CustomType{1,Foo} op=test");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("BarMethod CustomType{2,Bar}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("noSuchMethod BazMethod CustomType{3,Baz}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("QuxSetter CustomType{4,Qux}");
        assertThat(p.errors).isEmpty();
    }

    /** A12 and A13: the server's default selectors cmd.CustomType and cmd.SetterType. */
    @Test
    void globalReceiverByParameterTypeAndBySetter() throws Exception {
        Probe p = probe(builder().globalReceiver(TestTypes.TestGlobalReceiver.class));
        object(p.client, "*", null, "customType", 1, "Foo");
        object(p.client, "*", null, "setterType", 1, "Foo");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("CustomType CustomType{1,Foo}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("SetterType SetterType{1,Foo}");
        assertThat(poll(p.messages).getSelector()).isEqualTo("cmd.CustomType");
        assertThat(poll(p.messages).getSelector()).isEqualTo("cmd.SetterType");
        assertThat(p.errors).isEmpty();
    }

    /** A14. */
    @Test
    void rawStringsNullBodyAndCssSelectors() throws Exception {
        Probe p = probe(builder().globalReceiver(TestTypes.RawReceiver.class).receiver("css", TestTypes.CssReceiver.class));
        chat(p.client, "*", "hello");
        raw(p.client, "*", "cmd.announce", "This is your captain speaking...");
        raw(p.client, "*", "cmd.toggle$#channels", null);
        raw(p.client, "*", "css.background-image$#top", "url(http://bit.ly/1yIJOBH)");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("Chat hello");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce This is your captain speaking...");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Toggle()");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("backgroundImage url(http://bit.ly/1yIJOBH)");

        poll(p.messages);
        assertThat(poll(p.messages).getJson()).isEqualTo("\"This is your captain speaking...\"");
        ServerEventMessage toggle = poll(p.messages);
        assertThat(toggle.getSelector()).isEqualTo("cmd.toggle$#channels");
        assertThat(toggle.getOp()).isEqualTo("cmd");
        assertThat(toggle.getTarget()).isEqualTo("toggle");
        assertThat(toggle.getCssSelector()).isEqualTo("#channels");
        assertThat(toggle.getJson()).isEmpty();
        ServerEventMessage css = poll(p.messages);
        assertThat(css.getSelector()).isEqualTo("css.background-image$#top");
        assertThat(css.getOp()).isEqualTo("css");
        assertThat(css.getTarget()).isEqualTo("background-image");
        assertThat(css.getCssSelector()).isEqualTo("#top");
        assertThat(p.errors).isEmpty();
    }

    /** A15. */
    @Test
    void singletonResolverReusesTheReceiver() throws Exception {
        Probe p = probe(builder().resolver(ReceiverResolver.singleton()).globalReceiver(TestTypes.SingletonReceiver.class));
        raw(p.client, "*", "cmd.announce", "This is your captain speaking...");
        Object first = poll(TestTypes.INSTANCES);
        assertThat(((TestTypes.SingletonReceiver) first).announcement).isEqualTo("This is your captain speaking...");
        raw(p.client, "*", "cmd.announce", "2nd Announcement");
        Object second = poll(TestTypes.INSTANCES);
        assertThat(second).isSameAs(first);
        assertThat(((TestTypes.SingletonReceiver) second).announcement).isEqualTo("2nd Announcement");
    }

    /** A service a container would inject into receivers. */
    static final class Dependency {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    }

    /** A receiver built by the container with its dependency. */
    public static final class WiredReceiver {
        private final Dependency dependency;

        WiredReceiver(Dependency dependency) {
            this.dependency = dependency;
        }

        public void custom(TestTypes.CustomType request) {
            dependency.seen.add("Custom " + request);
        }

        public void setter(TestTypes.SetterType request) {
            dependency.seen.add("Setter " + request);
        }
    }

    /** A16: receivers resolved from a container get their dependencies. */
    @Test
    void containerResolvedReceiversGetTheirDependencies() throws Exception {
        Dependency dependency = new Dependency();
        ReceiverResolver container = type -> type == WiredReceiver.class ? new WiredReceiver(dependency)
                : ReceiverResolver.newInstancePerMessage().resolve(type);
        Probe p = probe(builder().resolver(container).globalReceiver(WiredReceiver.class));
        object(p.client, "*", "cmd.Custom", "customType", 1, "Foo");
        object(p.client, "*", "cmd.Setter", "setterType", 2, "Bar");
        assertThat(poll(dependency.seen)).isEqualTo("Custom CustomType{1,Foo}");
        assertThat(poll(dependency.seen)).isEqualTo("Setter SetterType{2,Bar}");
        assertThat(p.errors).isEmpty();
    }

    /** A22. */
    @Test
    void triggerFiresEveryListenerUntilRemoved() throws Exception {
        Probe one = probe();
        Probe two = probe();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        Consumer<ServerEventMessage> a = m -> first.add(m.getBodyAs(String.class));
        Consumer<ServerEventMessage> b = m -> second.add(m.getBodyAs(String.class));
        one.client.addListener("customEvent", a);
        one.client.addListener("customEvent", b);

        raw(two.client, "*", "trigger.customEvent", "arg");
        sync(one);
        assertThat(first).containsExactly("arg");
        assertThat(second).containsExactly("arg");

        assertThat(one.client.removeListener("customEvent", a)).isTrue();
        raw(two.client, "*", "trigger.customEvent", "arg");
        sync(one);
        assertThat(first).containsExactly("arg");
        assertThat(second).containsExactly("arg", "arg");
        assertThat(one.errors).isEmpty();
    }

    /** A receiver or handler that throws is reported, and later messages are still delivered. */
    @Test
    void throwingReceiverIsReportedAndDeliveryGoesOn() throws Exception {
        Probe p = probe(builder().globalReceiver(TestTypes.ThrowingReceiver.class)
                .handler("announce", m -> {
                    if (m.getJson().contains("handler-boom")) {
                        throw new IllegalArgumentException("handler failed on purpose");
                    }
                }));
        raw(p.client, "*", "cmd.announce", "boom");
        raw(p.client, "*", "cmd.announce", "handler-boom");
        raw(p.client, "*", "cmd.announce", "after");

        assertThat(poll(p.errors)).isInstanceOf(ServerEventsException.class)
                .hasMessageContaining("ThrowingReceiver.announce").hasRootCauseMessage("receiver failed on purpose");
        assertThat(poll(p.errors)).hasMessageContaining("handler 'announce'")
                .hasRootCauseMessage("handler failed on purpose");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce handler-boom");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce after");
        sync(p);
        assertThat(p.allMessages).extracting(m -> m.getBodyAs(String.class)).containsExactly("boom", "handler-boom", "after");
        assertThat(p.client.getState()).isEqualTo(ServerEventsClient.State.STARTED);
        assertThat(p.client.getTimesStarted()).isEqualTo(1);
    }
}
