package io.herald.chat;

import static io.herald.chat.Browsers.WAIT;
import static io.herald.chat.Browsers.banner;
import static io.herald.chat.Browsers.js;
import static io.herald.chat.Browsers.messages;
import static io.herald.chat.Browsers.myName;
import static io.herald.chat.Browsers.mySubscriptionId;
import static io.herald.chat.Browsers.say;
import static io.herald.chat.Browsers.state;
import static io.herald.chat.Browsers.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RedisServerProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Two chat instances in one JVM on one real redis-server, pages in headless Chromium on each: messages,
 * presence, private messages and the history cross instances, and a page whose stream the server cuts
 * reconnects and keeps receiving.
 */
class ChatRedisPageIT {

    private static RedisServerProcess redis;
    private ChatApp one;
    private ChatApp two;
    private Browsers browsers;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.startNew();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void startApps(TestInfo test) {
        redis.flushAll();
        one = TestApps.start("redis", redis.uri(), "background", "/img/bg.svg");
        two = TestApps.start("redis", redis.uri(), "background", "/img/bg-alt.svg");
        browsers = new Browsers("redis-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopAll() {
        browsers.close();
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @Test
    void pagesOnDifferentInstancesChatAndSeeEachOther() {
        WebDriver alice = browsers.open(TestApps.page(one, ""));
        WebDriver bob = browsers.open(TestApps.page(two, ""));
        String aliceName = myName(alice);
        String bobName = myName(bob);
        assertThat(aliceName).isNotEqualTo(bobName); // user numbers come from one Redis sequence

        await().atMost(WAIT).until(() -> users(alice).containsAll(List.of(aliceName, bobName)));
        await().atMost(WAIT).until(() -> users(bob).containsAll(List.of(aliceName, bobName)));
        say(alice, "hello from one");
        await().atMost(WAIT).until(() -> messages(bob).contains("hello from one"));
        say(bob, "hello from two");
        await().atMost(WAIT).until(() -> messages(alice).contains("hello from two"));

        // each instance keeps its own background, the history is shared through Redis
        assertThat((String) js(alice, "return document.body.style.backgroundImage")).contains("/img/bg.svg");
        assertThat((String) js(bob, "return document.body.style.backgroundImage")).contains("/img/bg-alt.svg");
        WebDriver carol = browsers.open(TestApps.page(one, ""));
        await().atMost(WAIT).until(() -> messages(carol).containsAll(List.of("hello from one", "hello from two")));

        // a user who leaves instance one disappears from the list on instance two
        String carolName = myName(carol);
        await().atMost(WAIT).until(() -> users(bob).contains(carolName));
        js(carol, "window.heraldChat.client.stop()");
        await().atMost(WAIT).until(() -> !users(bob).contains(carolName));
        assertThat(users(bob)).contains(aliceName, bobName);
        Browsers.screenshot(bob, "redis-two-instances");
    }

    @Test
    void privateMessageReachesOnlyItsTargetOnAnotherInstance() {
        WebDriver alice = browsers.open(TestApps.page(one, ""));
        WebDriver bob = browsers.open(TestApps.page(two, ""));
        WebDriver eve = browsers.open(TestApps.page(two, ""));
        String bobName = myName(bob);
        await().atMost(WAIT).until(() -> users(alice).contains(bobName));

        say(alice, "@" + bobName + " just for you");
        await().atMost(WAIT).until(() -> messages(bob).contains("just for you"));
        await().atMost(WAIT).until(() -> messages(alice).contains("@" + bobName + ": just for you"));
        assertThat(bob.findElements(By.cssSelector(".msg.private"))).hasSize(1);
        // a public line sent afterwards arrives at eve: had the private one reached her, it would be there too
        say(alice, "for everyone");
        await().atMost(WAIT).until(() -> messages(eve).contains("for everyone"));
        assertThat(messages(eve)).doesNotContain("just for you", "@" + bobName + ": just for you");
        assertThat(messages(alice)).containsOnlyOnce("@" + bobName + ": just for you");
    }

    @Test
    void pageWhoseStreamIsCutReconnectsAndReceivesTheNextMessage() {
        WebDriver alice = browsers.open(TestApps.page(one, ""));
        WebDriver bob = browsers.open(TestApps.page(two, ""));
        String cut = mySubscriptionId(bob);

        // the server ends bob's stream (as on a crash of the connection); his page must come back by itself
        two.serverEvents().unregister(cut);
        await().atMost(WAIT).until(() -> "Reconnected".equals(banner(bob)));
        await().atMost(WAIT).until(() -> "connected".equals(state(bob)) && !cut.equals(mySubscriptionId(bob)));
        String bobName = myName(bob);
        await().atMost(WAIT).until(() -> users(alice).contains(bobName));

        say(alice, "after the cut");
        await().atMost(WAIT).until(() -> messages(bob).contains("after the cut"));
    }
}
