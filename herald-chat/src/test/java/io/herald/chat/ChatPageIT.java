package io.herald.chat;

import static io.herald.chat.Browsers.WAIT;
import static io.herald.chat.Browsers.banner;
import static io.herald.chat.Browsers.js;
import static io.herald.chat.Browsers.logText;
import static io.herald.chat.Browsers.messages;
import static io.herald.chat.Browsers.myName;
import static io.herald.chat.Browsers.say;
import static io.herald.chat.Browsers.state;
import static io.herald.chat.Browsers.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The chat page in a real browser (headless Chromium), several users at once, against the real
 * {@link ChatApp} (memory back-end) started in-process. Elements are found by their {@code data-testid}
 * / ids. Multi-instance (Redis) and sign-in tests are in {@link ChatRedisPageIT} and {@link ChatSignInPageIT}.
 */
class ChatPageIT {

    private ChatApp app;
    private Browsers browsers;

    @BeforeEach
    void startApp(TestInfo test) {
        app = TestApps.start("background", "/img/bg-alt.svg");
        browsers = new Browsers("page-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopAll() {
        browsers.close();
        app.close();
    }

    private WebDriver browser(String query) {
        return browsers.open(TestApps.page(app, query));
    }

    private WebDriver browser(String query, int width, int height) {
        return browsers.open(TestApps.page(app, query), width, height, true);
    }

    @Test
    void twoUsersChatAndSeeEachOther() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        String aliceName = myName(alice);
        String bobName = myName(bob);

        await().atMost(WAIT).until(() -> users(alice).containsAll(List.of(aliceName, bobName)));
        say(alice, "hello <b>bob</b>");
        await().atMost(WAIT).until(() -> messages(bob).contains("hello <b>bob</b>"));
        say(bob, "hi @" + aliceName);
        await().atMost(WAIT).until(() -> messages(alice).contains("hi @" + aliceName));
        // the mention is highlighted for alice
        assertThat(alice.findElements(By.cssSelector(".msg.mentions-me"))).hasSize(1);
        // markup in messages stays text
        assertThat(bob.findElements(By.cssSelector("[data-testid=chat-log] b"))).isEmpty();
        assertThat(alice.findElement(By.id("welcome-name")).getText()).isEqualTo("Welcome, " + aliceName);
        // the server's per-instance background
        assertThat((String) js(alice, "return document.body.style.backgroundImage")).contains("/img/bg-alt.svg");
    }

    @Test
    void historyIsReplayedForLateComers() {
        WebDriver alice = browser("");
        say(alice, "first");
        say(alice, "second");
        WebDriver carol = browser("");
        await().atMost(WAIT).until(() -> messages(carol).containsAll(List.of("first", "second")));
        // grouped: the second line from the same user continues the first
        assertThat(carol.findElements(By.cssSelector(".msg.continued"))).hasSize(1);
    }

    @Test
    void privateMessagesReachOnlyTheRecipientAndEchoOnce() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        WebDriver eve = browser("");
        String bobName = myName(bob);
        await().atMost(WAIT).until(() -> users(alice).contains(bobName));

        say(alice, "@" + bobName + " secret");
        await().atMost(WAIT).until(() -> messages(bob).contains("secret"));
        await().atMost(WAIT).until(() -> messages(alice).contains("@" + bobName + ": secret"));
        assertThat(bob.findElements(By.cssSelector(".msg.private"))).hasSize(1);
        assertThat(messages(alice)).containsOnlyOnce("@" + bobName + ": secret");
        say(alice, "public");
        await().atMost(WAIT).until(() -> messages(eve).contains("public"));
        assertThat(messages(eve)).doesNotContain("secret", "@" + bobName + ": secret");
    }

    @Test
    void unknownRecipientIsAnnounced() {
        WebDriver alice = browser("");
        WebElement input = alice.findElement(By.cssSelector("[data-testid=message-input]"));
        input.sendKeys("@nobody hi", Keys.ENTER);
        await().atMost(WAIT).until(() -> alice.findElement(By.cssSelector("[data-testid=announce]")).getText()
                .contains("No user named @nobody"));
        assertThat(input.getAttribute("value")).isEqualTo("@nobody hi"); // kept so it can be fixed
    }

    @Test
    void remoteControlCommands() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        say(alice, "/cmd.announce Hello all");
        await().atMost(WAIT).until(() -> bob.findElement(By.cssSelector("[data-testid=announce]")).getText().equals("Hello all"));

        say(alice, "/css.background$#top #673ab7");
        await().atMost(WAIT).until(() -> String.valueOf(js(bob, "return document.getElementById('top').style.background"))
                .contains("rgb(103, 58, 183)"));

        say(alice, "/trigger.customEvent arg");
        await().atMost(WAIT).until(() -> logText(bob).contains("[event customEvent message: arg]"));

        say(alice, "/document.title Herald & friends");
        await().atMost(WAIT).until(() -> bob.getTitle().equals("Herald & friends"));

        say(alice, "/cmd.toggle$#channels");
        await().atMost(WAIT).until(() -> !bob.findElement(By.id("channels")).isDisplayed());

        say(alice, "/tv.watch https://youtu.be/abc123");
        await().atMost(WAIT).until(() -> !bob.findElements(By.cssSelector("[data-testid=tv-frame]")).isEmpty());
        assertThat(bob.findElement(By.cssSelector("[data-testid=tv-frame]")).getAttribute("src"))
                .isEqualTo("https://www.youtube.com/embed/abc123?autoplay=1");
        say(alice, "/tv.off");
        await().atMost(WAIT).until(() -> bob.findElements(By.cssSelector("[data-testid=tv-frame]")).isEmpty());

        // window.location is refused for script URLs even once the window receiver is added
        say(alice, "/cmd.addReceiver window");
        say(alice, "/window.location javascript:document.title='pwned'");
        say(alice, "/cmd.announce after");
        await().atMost(WAIT).until(() -> bob.findElement(By.cssSelector("[data-testid=announce]")).getText().equals("after"));
        assertThat(bob.getTitle()).isEqualTo("Herald & friends");
    }

    @Test
    void channelsFromTheUrlAndLiveAdd() {
        WebDriver alice = browser("?channels=home,dev");
        List<WebElement> tabs = alice.findElements(By.cssSelector("[data-testid=channel-tab]"));
        assertThat(tabs).extracting(WebElement::getText).allSatisfy(t -> assertThat(t).startsWith("#"));
        assertThat(tabs).hasSize(2);

        WebDriver bob = browser("?channels=dev");
        say(bob, "in dev");
        // alice is looking at #home: the dev message waits behind the dev tab
        await().atMost(WAIT).until(() -> alice.findElements(By.cssSelector(".tab .unread")).size() == 1);
        assertThat(messages(alice)).doesNotContain("in dev");
        alice.findElements(By.cssSelector("[data-testid=channel-tab]")).get(1).click();
        await().atMost(WAIT).until(() -> messages(alice).contains("in dev"));

        alice.findElement(By.cssSelector("[data-testid=add-channel]")).click();
        alice.findElement(By.cssSelector("[data-testid=add-channel-input]")).sendKeys("ops", Keys.ENTER);
        await().atMost(WAIT).until(() -> alice.findElements(By.cssSelector("[data-testid=channel-tab]")).size() == 3);
        assertThat(alice.getCurrentUrl()).endsWith("?channels=home,dev,ops");
        WebDriver carol = browser("?channels=ops");
        say(carol, "ops here");
        await().atMost(WAIT).until(() -> messages(alice).contains("ops here"));
    }

    @Test
    void showsConnectionLossAndRecovers() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        assertThat(banner(alice)).isEmpty();
        // ServiceStack's Reset: every subscription is forgotten, so the pages' next heartbeat gets 404
        app.serverEvents().reset();
        // 'Reconnected' is only shown after the page saw the loss, so this proves both
        await().atMost(WAIT).until(() -> "Reconnected".equals(banner(alice)));
        await().atMost(WAIT).until(() -> "connected".equals(state(alice)) && "connected".equals(state(bob)));
        assertThat(logText(alice)).contains("CONNECTED!");
        await().atMost(WAIT).until(() -> app.serverEvents().getAllSubscriptionInfos().size() == 2);
        say(alice, "still here");
        await().atMost(WAIT).until(() -> messages(bob).contains("still here"));
    }

    @Test
    void stopAndStartListening() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        say(alice, "/cmd.stopListening");
        await().atMost(WAIT).until(() -> "stopped".equals(state(bob)));
        assertThat(banner(bob)).contains("/cmd.startListening");
        // bob is not listening, so nothing sent to the channel can wake him: the command runs locally
        say(bob, "/cmd.startListening");
        await().atMost(WAIT).until(() -> "connected".equals(state(bob)));
        assertThat(banner(bob)).isEmpty();
    }

    @Test
    void guestSignInRestartsTheStreamWithTheChosenName() {
        WebDriver alice = browser("");
        alice.findElement(By.cssSelector("[data-testid=signin-button]")).click();
        alice.findElement(By.cssSelector("[data-testid=guest-name]")).sendKeys("Alice", Keys.ENTER);
        await().atMost(WAIT).until(() -> "Alice".equals(js(alice,
                "return window.heraldChat.state.activeSub && window.heraldChat.state.activeSub.displayName")));
        assertThat(alice.findElement(By.id("welcome-name")).getText()).isEqualTo("Welcome, Alice");

        alice.findElement(By.cssSelector("[data-testid=signin-button]")).click();
        alice.findElement(By.cssSelector(".signin-tab[data-panel=credentials-form]")).click();
        alice.findElement(By.cssSelector("[data-testid=user-name]")).sendKeys("bob");
        alice.findElement(By.cssSelector("[data-testid=password]")).sendKeys("wrong", Keys.ENTER);
        await().atMost(WAIT).until(() -> alice.findElement(By.cssSelector("[data-testid=signin-error]")).getText()
                .equals("Invalid UserName or Password"));
    }

    @Test
    void phoneLayoutCollapsesTheUsersList() {
        WebDriver phone = browser("", 390, 780);
        WebElement users = phone.findElement(By.cssSelector("[data-testid=users-panel]"));
        await().atMost(WAIT).until(() -> !isOnScreen(phone, users));
        phone.findElement(By.cssSelector("[data-testid=users-toggle]")).click();
        await().atMost(WAIT).until(() -> isOnScreen(phone, users));
        assertThat(phone.findElement(By.cssSelector("[data-testid=message-input]")).isDisplayed()).isTrue();
    }

    private static boolean isOnScreen(WebDriver d, WebElement e) {
        Object left = ((JavascriptExecutor) d).executeScript("return arguments[0].getBoundingClientRect().left", e);
        return ((Number) left).doubleValue() < ((Number) js(d, "return window.innerWidth")).doubleValue() - 1;
    }

    @Test
    void historyArrowsAndAutocomplete() {
        WebDriver alice = browser("");
        WebDriver bob = browser("");
        String bobName = myName(bob);
        await().atMost(WAIT).until(() -> users(alice).contains(bobName));
        say(alice, "one");
        say(alice, "two");
        WebElement input = alice.findElement(By.cssSelector("[data-testid=message-input]"));
        input.sendKeys(Keys.ARROW_UP);
        assertThat(input.getAttribute("value")).isEqualTo("two");
        input.sendKeys(Keys.ARROW_UP);
        assertThat(input.getAttribute("value")).isEqualTo("one");
        input.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
        assertThat(input.getAttribute("value")).isEmpty();

        input.sendKeys("@" + bobName.substring(0, 2));
        await().atMost(WAIT).until(() -> alice.findElement(By.cssSelector("[data-testid=autocomplete]")).isDisplayed());
        input.sendKeys(Keys.TAB);
        // every anonymous user is userN, so the first candidate is the lowest-numbered match
        assertThat(input.getAttribute("value")).matches("@user\\d+ ");
    }
}
