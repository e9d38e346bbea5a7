package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.http.HttpError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatAuthTest {

    private static final String ALICE = PasswordHasher.hash("wonderland", 1000);
    private static final String BOB = PasswordHasher.hash("builder", 1000);

    private final ChatAuth auth = new ChatAuth(AppSettings.fromText("f", "users Alice:" + ALICE + ",bob:" + BOB));

    private static int status(Throwable t) {
        assertThat(t).isInstanceOf(HttpError.class);
        return ((HttpError) t).status();
    }

    @Test
    void acceptsConfiguredUsers() {
        assertThat(auth.authenticate("Alice", "wonderland")).isEqualTo("Alice");
        assertThat(auth.authenticate("alice ", "wonderland")).isEqualTo("Alice");
        assertThat(auth.authenticate("bob", "builder")).isEqualTo("bob");
    }

    @Test
    void rejectsWrongPasswordsAndUnknownUsersAlike() {
        assertThatThrownBy(() -> auth.authenticate("Alice", "builder"))
                .satisfies(t -> assertThat(status(t)).isEqualTo(401)).hasMessage("Invalid UserName or Password");
        assertThatThrownBy(() -> auth.authenticate("carol", "x"))
                .satisfies(t -> assertThat(status(t)).isEqualTo(401)).hasMessage("Invalid UserName or Password");
        assertThatThrownBy(() -> new ChatAuth(AppSettings.fromText("f", "")).authenticate("a", "b"))
                .satisfies(t -> assertThat(status(t)).isEqualTo(401));
    }

    @Test
    void missingFieldsAre400() {
        assertThatThrownBy(() -> auth.authenticate(" ", "x")).satisfies(t -> assertThat(status(t)).isEqualTo(400));
        assertThatThrownBy(() -> auth.authenticate("Alice", "")).satisfies(t -> assertThat(status(t)).isEqualTo(400));
        assertThatThrownBy(() -> auth.authenticate(null, null)).satisfies(t -> assertThat(status(t)).isEqualTo(400));
    }

    @Test
    void malformedUsersSettingIsAConfigurationError() {
        ChatAuth broken = new ChatAuth(AppSettings.fromText("appsettings.txt", "users alice"));
        assertThatThrownBy(() -> broken.authenticate("alice", "x")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("Setting 'users'");
    }

    @Test
    void guestNamesAreSanitised() {
        assertThat(ChatAuth.guestDisplayName("  Zed ")).isEqualTo("Zed");
        assertThat(ChatAuth.guestDisplayName("Mary Jane<script>")).isEqualTo("Mary_Jane_script_");
        assertThat(ChatAuth.guestDisplayName("x".repeat(50))).hasSize(ChatAuth.MAX_DISPLAY_NAME);
        assertThat(ChatAuth.guestDisplayName("r2d2")).isEqualTo("r2d2");
        assertThatThrownBy(() -> ChatAuth.guestDisplayName(" ")).satisfies(t -> assertThat(status(t)).isEqualTo(400));
        assertThatThrownBy(() -> ChatAuth.guestDisplayName(null)).satisfies(t -> assertThat(status(t)).isEqualTo(400));
        assertThatThrownBy(() -> ChatAuth.guestDisplayName("12345")).satisfies(t -> assertThat(status(t)).isEqualTo(400))
                .hasMessageContaining("'12345'");
    }

    @Test
    void clientConfigCarriesTheBackground() {
        assertThat(ChatAuth.clientConfig(AppSettings.fromText("f", "background /img/bg-alt.svg")))
                .isEqualTo(Map.of("background", "/img/bg-alt.svg", "signInRequired", false));
        assertThat(ChatAuth.clientConfig(AppSettings.fromText("f", "LimitToAuthenticatedUsers true")))
                .isEqualTo(Map.of("background", "/img/bg.svg", "signInRequired", true));
    }
}
