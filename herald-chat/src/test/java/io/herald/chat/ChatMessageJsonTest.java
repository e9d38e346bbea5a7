package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ChatMessageJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesCamelCaseWithPrivateProperty() throws Exception {
        ChatMessage m = new ChatMessage(3, "home", "-1", "user1", "user1", "hi", null, true);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(m));
        assertThat(json.get("id").asLong()).isEqualTo(3);
        assertThat(json.get("fromUserId").asText()).isEqualTo("-1");
        assertThat(json.get("fromName").asText()).isEqualTo("user1");
        assertThat(json.get("private").asBoolean()).isTrue();
        assertThat(json.has("isPrivate")).isFalse();
        assertThat(mapper.readValue(mapper.writeValueAsString(m), ChatMessage.class)).isEqualTo(m);
    }
}
