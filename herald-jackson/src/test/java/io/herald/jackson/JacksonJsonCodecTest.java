package io.herald.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JacksonJsonCodecTest {

    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    public static final class ChatMessage {
        public long id;
        public String channel;
        public String fromUserId;
        public String message;
        public boolean isPrivate;
        public String selector; // left null on purpose
    }

    public record UpdateEventSubscriber(String id, String[] subscribeChannels, List<String> unsubscribeChannels) {
    }

    public static final class GetEventSubscribers {
        private String[] channels;
        private int limit;
        private boolean verbose;

        public String[] getChannels() {
            return channels;
        }

        public void setChannels(String[] channels) {
            this.channels = channels;
        }

        public int getLimit() {
            return limit;
        }

        public void setLimit(int limit) {
            this.limit = limit;
        }

        public boolean isVerbose() {
            return verbose;
        }

        public void setVerbose(boolean verbose) {
            this.verbose = verbose;
        }
    }

    public static final class Empty {
    }

    public record Tags(Set<String> tags, List<Integer> numbers) {
    }

    @Test
    void isTheDefaultCodecThroughServiceLoader() {
        assertThat(JsonCodec.defaultCodec()).isInstanceOf(JacksonJsonCodec.class);
    }

    @Test
    void writesCamelCaseCompactWithoutNullsKeepingDefaults() {
        ChatMessage m = new ChatMessage();
        m.id = 0;
        m.channel = "home";
        m.fromUserId = "-1";
        m.message = "héllo ☃ \"quoted\"\nnext\r";
        assertThat(codec.encode(m)).isEqualTo(
                "{\"id\":0,\"channel\":\"home\",\"fromUserId\":\"-1\",\"message\":\"héllo ☃ \\\"quoted\\\"\\nnext\\r\",\"isPrivate\":false}");
    }

    @Test
    void leavesOutNullMapValuesAndWritesEmptyBeansAsEmptyObjects() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b", null);
        assertThat(codec.encode(map)).isEqualTo("{\"a\":\"1\"}");
        assertThat(codec.encode(new Empty())).isEqualTo("{}");
        assertThat(codec.encode(null)).isEqualTo("null");
        assertThat(codec.encode("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    }

    @Test
    void outputNeverContainsRawLineBreaks() {
        String json = codec.encode(Map.of("text", "a\nb\rc\u0000d\u2028e"));
        assertThat(json).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void writesRecords() {
        assertThat(codec.encode(new UpdateEventSubscriber("x", new String[] {"a"}, null)))
                .isEqualTo("{\"id\":\"x\",\"subscribeChannels\":[\"a\"]}");
    }

    @Test
    void readsPascalCaseAndCamelCaseIntoRecords() {
        UpdateEventSubscriber pascal = codec.decode(
                "{\"Id\":\"abc\",\"SubscribeChannels\":[\"a\",\"b\"],\"UnsubscribeChannels\":[\"c\"],\"Other\":1}",
                UpdateEventSubscriber.class);
        assertThat(pascal.id()).isEqualTo("abc");
        assertThat(pascal.subscribeChannels()).containsExactly("a", "b");
        assertThat(pascal.unsubscribeChannels()).containsExactly("c");

        UpdateEventSubscriber camel = codec.decode("{\"id\":\"abc\",\"subscribeChannels\":[\"a\"]}",
                UpdateEventSubscriber.class);
        assertThat(camel.id()).isEqualTo("abc");
        assertThat(camel.subscribeChannels()).containsExactly("a");
        assertThat(camel.unsubscribeChannels()).isNull();
    }

    @Test
    void acceptsCommaSeparatedStringsForStringArraysAndLists() {
        UpdateEventSubscriber r = codec.decode(
                "{\"id\":\"abc\",\"subscribeChannels\":\"a,b\",\"unsubscribeChannels\":\"c\"}",
                UpdateEventSubscriber.class);
        assertThat(r.subscribeChannels()).containsExactly("a", "b");
        assertThat(r.unsubscribeChannels()).containsExactly("c");

        GetEventSubscribers bean = codec.decode("{\"CHANNELS\":\"x,y,z\",\"limit\":\"5\",\"verbose\":\"true\"}",
                GetEventSubscribers.class);
        assertThat(bean.getChannels()).containsExactly("x", "y", "z");
        assertThat(bean.getLimit()).isEqualTo(5);
        assertThat(bean.isVerbose()).isTrue();

        Tags tags = codec.decode("{\"tags\":\"p,q\"}", Tags.class);
        assertThat(tags.tags()).containsExactlyInAnyOrder("p", "q");
    }

    @Test
    void emptyStringsReadAsEmptyListsAndDefaults() {
        GetEventSubscribers bean = codec.decode("{\"channels\":\"\",\"limit\":\"\"}", GetEventSubscribers.class);
        assertThat(bean.getChannels()).isEmpty();
        assertThat(bean.getLimit()).isZero();
    }

    @Test
    void invalidJsonIsAnIllegalArgumentNamingTheType() {
        assertThatThrownBy(() -> codec.decode("{\"limit\":", GetEventSubscribers.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GetEventSubscribers");
        assertThatThrownBy(() -> codec.decode("{\"limit\":\"many\"}", GetEventSubscribers.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesIntoMaps() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = codec.decode("{\"a\":1,\"b\":[\"x\"]}", Map.class);
        assertThat(map).containsEntry("a", 1).containsEntry("b", List.of("x"));
    }
}
