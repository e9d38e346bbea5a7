package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashVerifiesOnlyTheRightPassword() {
        String hash = PasswordHasher.hash("s3cret", 1000);
        assertThat(hash).startsWith("pbkdf2$1000$").doesNotContain(":").doesNotContain(",");
        assertThat(PasswordHasher.isWellFormed(hash)).isTrue();
        assertThat(PasswordHasher.verify("s3cret", hash)).isTrue();
        assertThat(PasswordHasher.verify("s3cret ", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
        assertThat(PasswordHasher.verify(null, hash)).isFalse();
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertThat(PasswordHasher.hash("pw", 1000)).isNotEqualTo(PasswordHasher.hash("pw", 1000));
    }

    @Test
    void defaultIterationsAreUsed() {
        String hash = PasswordHasher.hash("pw");
        assertThat(hash).startsWith("pbkdf2$" + PasswordHasher.DEFAULT_ITERATIONS + "$");
        assertThat(PasswordHasher.verify("pw", hash)).isTrue();
    }

    @Test
    void hashFitsTheUsersMapSetting() {
        String hash = PasswordHasher.hash("pw", 1000);
        AppSettings s = AppSettings.fromText("f", "users alice:" + hash + ",bob:" + PasswordHasher.hash("b", 1000));
        assertThat(PasswordHasher.verify("pw", s.getMap("users").get("alice"))).isTrue();
        assertThat(PasswordHasher.verify("pw", s.getMap("users").get("bob"))).isFalse();
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        for (String bad : new String[] {null, "", "plain", "pbkdf2$x$AAAA$AAAA", "pbkdf2$0$AAAA$AAAA",
                "md5$10$AAAA$AAAA", "pbkdf2$10$$AAAA", "pbkdf2$10$AAAA", "pbkdf2$10$!!$AAAA"}) {
            assertThat(PasswordHasher.isWellFormed(bad)).as(bad).isFalse();
            assertThat(PasswordHasher.verify("pw", bad)).as(bad).isFalse();
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> PasswordHasher.hash("pw", 0)).hasMessageContaining("iterations must be >= 1: 0");
        assertThatThrownBy(() -> PasswordHasher.hash(null)).isInstanceOf(NullPointerException.class);
    }
}
