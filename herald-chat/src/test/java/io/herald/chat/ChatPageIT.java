package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The chat page in a real browser (Debian's {@code chromium} + {@code chromium-driver}), several users at
 * once, against {@link PageTestServer}. Elements are found by their {@code data-testid} / ids.
 */
class ChatPageIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private PageTestServer server;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new PageTestServer(false, "/img/bg-alt.svg");
    }

    @AfterEach
    void stopAll() {
        drivers.forEach(WebDriver::quit);
        server.close();
    }

    private WebDriver browser(String query) {
        return browser(query, 1280, 800);
    }

    private WebDriver browser(String query, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        String binary = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        if (binary != null) {
            options.setBinary(binary);
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height);
        String driverPath = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        ChromeDriverService.Builder service = new ChromeDriverService.Builder();
        if (driverPath != null) {
            service.usingDriverExecutable(Path.of(driverPath).toFile()); // no Selenium Manager download
        }
        WebDriver driver = new ChromeDriver(service.build(), options);
        drivers.add(driver);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get(server.baseUrl() + "/" + query);
        await().atMost(WAIT).until(() -> "connected".equals(state(driver)));
        return driver;
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    private static String state(WebDriver d) {
        return d.findElement(By.cssSelector("[data-testid=connection-status]")).getAttribute("data-state");
    }

    private static Object js(WebDriver d, String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }

    private static String myName(WebDriver d) {
        return (String) js(d, "return window.heraldChat.state.activeSub.displayName");
    }

    private static void say(WebDriver d, String text) {
        WebElement input = d.findElement(By.cssSelector("[data-testid=message-input]"));
        input.sendKeys(text);
        d.findElement(By.cssSelector("[data-testid=send-button]")).click();
        await().atMost(WAIT).until(() -> input.getAttribute("value").isEmpty());
    }

    private static List<String> messages(WebDriver d) {
        return d.findElements(By.cssSelector("[data-testid=chat-log] [data-testid=chat-text]")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
    }

    private static String logText(WebDriver d) {
        return d.findElement(By.cssSelector("[data-testid=chat-log]")).getText();
    }

    private static List<String> users(WebDriver d) {
        return d.findElements(By.cssSelector("[data-testid=users-list] .user-name")).stream()
                .map(e -> e.getAttribute("textContent")).toList();
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
        server.dropAllConnections();
        // 'Reconnected' is only shown after the page saw the loss, so this proves both
        await().atMost(WAIT).until(() -> "Reconnected".equals(banner(alice)));
        await().atMost(WAIT).until(() -> "connected".equals(state(alice)) && "connected".equals(state(bob)));
        assertThat(logText(alice)).contains("CONNECTED!");
        await().atMost(WAIT).until(() -> server.subscriptionCount() == 2);
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

    private static String banner(WebDriver d) {
        WebElement b = d.findElement(By.cssSelector("[data-testid=connection-banner]"));
        return b.isDisplayed() ? b.getText() : "";
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
