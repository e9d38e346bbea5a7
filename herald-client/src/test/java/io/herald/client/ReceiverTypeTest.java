package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverTypeTest {

    public static class Target {
        final List<String> calls = new ArrayList<>();

        public void backgroundImage(String url) {
            calls.add("backgroundImage " + url);
        }

        public void toggle() {
            calls.add("toggle()");
        }

        public void toggle(TestTypes.CustomType c) {
            calls.add("toggle " + c);
        }

        public void handles(TestTypes.CustomType c) {
            calls.add("handles " + c);
        }

        public void customType(String s) {
            calls.add("customType(String) " + s);
        }

        public void setTitle(String title) {
            calls.add("title " + title);
        }

        public void count(int n) {
            calls.add("count " + n);
        }

        public void message(ServerEventMessage m) {
            calls.add("message " + m.getSelector());
        }

        public void fail(String s) {
            throw new UnsupportedOperationException("nope " + s);
        }

        public static void staticMethod() {
            throw new AssertionError("static methods are not targets");
        }
    }

    private static List<String> invoke(String data) {
        Target t = new Target();
        boolean matched = ReceiverType.of(Target.class).invoke(t, MessageParser.parse(1, "1", data));
        if (!matched) {
            t.calls.add("(no match)");
        }
        return t.calls;
    }

    @Test
    void dashesAreRemovedAndCaseIgnored() {
        assertThat(invoke("css.background-image \"u\"")).containsExactly("backgroundImage u");
        assertThat(invoke("css.BACKGROUNDIMAGE \"u\"")).containsExactly("backgroundImage u");
    }

    @Test
    void emptyBodyPrefersTheParameterlessOverload() {
        assertThat(invoke("cmd.toggle ")).containsExactly("toggle()");
        assertThat(invoke("cmd.toggle {\"id\":1,\"name\":\"x\"}")).containsExactly("toggle CustomType{1,x}");
    }

    @Test
    void parameterTypeNameWinsOverMethodName() {
        assertThat(invoke("cmd.CustomType {\"id\":2,\"name\":\"y\"}")).containsExactly("handles CustomType{2,y}");
    }

    @Test
    void settersPrimitivesAndMessageParameters() {
        assertThat(invoke("document.title \"Hi\"")).containsExactly("title Hi");
        assertThat(invoke("cmd.count 5")).containsExactly("count 5");
        assertThat(invoke("cmd.count ")).containsExactly("count 0");
        assertThat(invoke("cmd.message {}")).containsExactly("message cmd.message");
    }

    @Test
    void unmatchedTargetsWithoutFallbackReportNoMatch() {
        assertThat(invoke("cmd.staticMethod ")).containsExactly("(no match)");
        assertThat(invoke("cmd.hashCode ")).containsExactly("(no match)");
        assertThat(invoke("cmd.unknown {}")).containsExactly("(no match)");
    }

    @Test
    void throwingMembersAreWrappedWithReceiverAndSelector() {
        assertThatThrownBy(() -> invoke("cmd.fail \"x\"")).isInstanceOf(ServerEventsException.class)
                .hasMessageContaining("Target.fail").hasMessageContaining("cmd.fail")
                .hasRootCauseInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unreadableBodyIsReportedNotInvoked() {
        assertThatThrownBy(() -> invoke("cmd.handles {\"id\":\"x\"}")).isInstanceOf(ServerEventsException.class)
                .hasMessageContaining("cmd.handles");
    }

    @Test
    void resolversCreateOrReuseInstances() throws Exception {
        ReceiverResolver fresh = ReceiverResolver.newInstancePerMessage();
        assertThat(fresh.resolve(Target.class)).isNotSameAs(fresh.resolve(Target.class));
        ReceiverResolver single = ReceiverResolver.singleton();
        assertThat(single.resolve(Target.class)).isSameAs(single.resolve(Target.class));
        assertThatThrownBy(() -> fresh.resolve(NoDefault.class))
                .isInstanceOf(NoSuchMethodException.class).hasMessageContaining("NoDefault");
    }

    public static class NoDefault {
        public NoDefault(String required) {
        }
    }
}
