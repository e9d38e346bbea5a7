package io.herald.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreTwentyAlphanumericCharactersAndUnique() {
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newSubscriptionId();
            assertThat(id).matches("[A-Za-z0-9]{20}");
            assertThat(Ids.isWellFormed(id)).isTrue();
            assertThat(seen.add(id)).isTrue();
            id.chars().forEach(c -> chars.add((char) c));
        }
        assertThat(chars).hasSize(62); // every symbol of the alphabet turns up
    }

    @Test
    void malformedIdsAreRecognised() {
        assertThat(Ids.isWellFormed(null)).isFalse();
        assertThat(Ids.isWellFormed("short")).isFalse();
        assertThat(Ids.isWellFormed("abcdefghij\nklmnopqrs")).isFalse();
        assertThat(Ids.isWellFormed("abcdefghij-klmnopqrs")).isFalse();
    }
}
