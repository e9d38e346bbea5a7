package io.herald.examples.springchat;

import static io.herald.examples.springchat.Browsers.WAIT;
import static io.herald.examples.springchat.Browsers.me;
import static io.herald.examples.springchat.Browsers.messages;
import static io.herald.examples.springchat.Browsers.say;
import static io.herald.examples.springchat.Browsers.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat page in headless Chromium against the Spring Boot app (memory back-end): users signed in through
 * Spring Security chat with each other and with guests, a private message reaches only its user, the users list
 * follows who comes and goes, and a reloaded page streams again.
 */
class ChatPageIT {

    private static ConfigurableApplicationContext app;
    private static String url;
    private Browsers browsers;

    @BeforeAll
    static void start() {
        app = ChatApps.start();
        url = ChatApps.baseUrl(app) + "/";
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void windows(TestInfo test) {
        browsers = new Browsers("spring-chat-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeWindows() {
        browsers.close();
    }

    @Test
    void twoSignedInUsersChat() {
        WebDriver alice = browsers.open(url);
        WebDriver bob = browsers.open(url);
        Browsers.signIn(alice, "alice", "wonderland");
        Browsers.signIn(bob, "bob", "builder");
        assertThat(me(alice, "isAuthenticated")).isEqualTo("true");
        assertThat(me(alice, "userId")).isEqualTo("alice");

        say(alice, "hello bob <b>not bold</b>");
        await().atMost(WAIT).until(() -> messages(bob).contains("hello bob <b>not bold</b>"));
        say(bob, "hi alice");
        await().atMost(WAIT).until(() -> messages(alice).contains("hi alice"));
        assertThat(bob.findElements(By.cssSelector("[data-testid=chat-text] b"))).as("text stays text").isEmpty();
    }

    @Test
    void aPrivateMessageReachesOnlyItsUser() {
        WebDriver alice = browsers.open(url);
        WebDriver bob = browsers.open(url);
        WebDriver guest = browsers.open(url);
        Browsers.signIn(alice, "alice", "wonderland");
        Browsers.signIn(bob, "bob", "builder");
        Browsers.joinAsGuest(guest, "visitor");
        await().atMost(WAIT).until(() -> users(alice).containsAll(java.util.List.of("bob", "visitor")));

        say(alice, "@bob just for you");
        await().atMost(WAIT).until(() -> messages(bob).contains("just for you"));
        await().atMost(WAIT).until(() -> messages(alice).contains("@bob: just for you"));
        say(alice, "for everyone");
        await().atMost(WAIT).until(() -> messages(guest).contains("for everyone"));
        assertThat(messages(guest)).doesNotContain("just for you", "@bob: just for you");
        assertThat(bob.findElements(By.cssSelector(".msg.private"))).hasSize(1);
    }

    @Test
    void theUsersListFollowsWhoComesAndGoes() {
        WebDriver alice = browsers.open(url);
        Browsers.signIn(alice, "alice", "wonderland");
        WebDriver guest = browsers.open(url);
        Browsers.joinAsGuest(guest, "passerby");
        await().atMost(WAIT).until(() -> users(alice).contains("passerby"));
        await().atMost(WAIT).until(() -> users(guest).contains("alice"));

        browsers.quit(guest); // the window goes, its stream with it: Herald notices and sends onLeave
        await().atMost(WAIT).until(() -> !users(alice).contains("passerby"));
    }

    @Test
    void aReloadedPageStreamsAgainAndGetsTheHistory() {
        WebDriver alice = browsers.open(url);
        WebDriver bob = browsers.open(url);
        Browsers.signIn(alice, "alice", "wonderland");
        Browsers.signIn(bob, "bob", "builder");
        say(alice, "before the reload");
        await().atMost(WAIT).until(() -> messages(bob).contains("before the reload"));
        String before = me(bob, "id");

        bob.navigate().refresh();
        Browsers.awaitConnected(bob);
        assertThat(me(bob, "id")).isNotEqualTo(before);
        assertThat(me(bob, "userId")).as("still signed in").isEqualTo("bob");
        await().atMost(WAIT).until(() -> messages(bob).contains("before the reload"));
        say(alice, "after the reload");
        await().atMost(WAIT).until(() -> messages(bob).contains("after the reload"));
    }
}
