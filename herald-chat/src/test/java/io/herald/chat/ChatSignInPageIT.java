package io.herald.chat;

import static io.herald.chat.Browsers.WAIT;
import static io.herald.chat.Browsers.js;
import static io.herald.chat.Browsers.messages;
import static io.herald.chat.Browsers.say;
import static io.herald.chat.Browsers.state;
import static io.herald.chat.Browsers.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/** Sign-in on the page against the real app: credentials, sign-out, and a server that refuses anonymous streams. */
class ChatSignInPageIT {

    private ChatApp app;
    private Browsers browsers;
    private String testName;

    @BeforeEach
    void setUp(TestInfo test) {
        testName = "signin-" + test.getTestMethod().orElseThrow().getName();
        browsers = new Browsers(testName);
    }

    @AfterEach
    void stopAll() {
        browsers.close();
        if (app != null) {
            app.close();
        }
    }

    private static String activeName(WebDriver d) {
        return (String) js(d, "return window.heraldChat.state.activeSub && window.heraldChat.state.activeSub.displayName");
    }

    private static void signInWithCredentials(WebDriver d, String user, String password) {
        if (!d.findElement(By.cssSelector("[data-testid=user-name]")).isDisplayed()) {
            if (!d.findElement(By.id("signin")).isDisplayed()) {
                d.findElement(By.cssSelector("[data-testid=signin-button]")).click();
            }
            d.findElement(By.cssSelector(".signin-tab[data-panel=credentials-form]")).click();
        }
        d.findElement(By.cssSelector("[data-testid=user-name]")).sendKeys(user);
        d.findElement(By.cssSelector("[data-testid=password]")).sendKeys(password, Keys.ENTER);
    }

    @Test
    void credentialsSignInAndSignOut() {
        app = TestApps.start();
        WebDriver bobPage = browsers.open(TestApps.page(app, ""));
        WebDriver other = browsers.open(TestApps.page(app, ""));
        signInWithCredentials(bobPage, "bob", "pass");
        await().atMost(WAIT).until(() -> "bob".equals(activeName(bobPage)) && "connected".equals(state(bobPage)));
        assertThat(bobPage.findElement(By.id("welcome-name")).getText()).isEqualTo("Welcome, bob");
        assertThat(bobPage.findElement(By.cssSelector("[data-testid=signout-button]")).getAttribute("hidden")).isNull();
        await().atMost(WAIT).until(() -> users(other).contains("bob"));
        say(bobPage, "signed in");
        await().atMost(WAIT).until(() -> messages(other).contains("signed in"));

        bobPage.findElement(By.cssSelector("[data-testid=signin-button]")).click(); // 'Switch user' opens the dialog
        bobPage.findElement(By.cssSelector("[data-testid=signout-button]")).click();
        await().atMost(WAIT).until(() -> activeName(bobPage) != null && activeName(bobPage).startsWith("user"));
        await().atMost(WAIT).until(() -> !users(other).contains("bob"));
    }

    @Test
    void limitToAuthenticatedUsersAsksForSignInFirst() {
        app = TestApps.start("LimitToAuthenticatedUsers", "true");
        WebDriver page = browsers.open(TestApps.page(app, ""), 1280, 800, false);
        // the stream is refused (401), so the page opens the account form by itself
        await().atMost(WAIT).until(() -> page.findElement(By.cssSelector("[data-testid=user-name]")).isDisplayed());
        assertThat(state(page)).isNotEqualTo("connected");
        await().atMost(WAIT).until(() -> Browsers.banner(page).equals("This chat is for signed-in users. Sign in to join."));
        assertThat(app.serverEvents().getAllSubscriptionInfos()).isEmpty();
        assertThat(page.findElement(By.cssSelector(".signin-tab[data-panel=guest-form]")).isDisplayed()).isFalse();

        signInWithCredentials(page, "bob", "wrong");
        await().atMost(WAIT).until(() -> page.findElement(By.cssSelector("[data-testid=signin-error]")).getText()
                .equals("Invalid UserName or Password"));
        page.findElement(By.cssSelector("[data-testid=user-name]")).clear();
        page.findElement(By.cssSelector("[data-testid=password]")).clear();
        signInWithCredentials(page, "bob", "pass");
        await().atMost(WAIT).until(() -> "connected".equals(state(page)) && "bob".equals(activeName(page)));
        assertThat(app.serverEvents().getAllSubscriptionInfos()).singleElement()
                .satisfies(s -> assertThat(s.authenticated()).isTrue());
    }
}
