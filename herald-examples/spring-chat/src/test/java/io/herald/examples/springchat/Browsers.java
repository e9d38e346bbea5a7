package io.herald.examples.springchat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium windows on the chat page (Debian's chromium + chromium-driver, each window with a fresh
 * profile), with the page helpers the tests share; the approach of herald-chat's browser tests. {@link #close()}
 * saves a screenshot of each window under {@code target/screenshots/}, quits them and deletes the profiles.
 */
final class Browsers implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final String name;
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    Browsers(String name) {
        this.name = name;
    }

    /** Opens {@code url} in a new window and waits until the page's stream is connected. */
    WebDriver open(String url) {
        String chromium = Externals.require("chromium", "apt-get install chromium",
                "/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "google-chrome");
        String chromedriver = Externals.require("chromedriver", "apt-get install chromium-driver",
                "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "chromedriver");
        Path profile;
        try {
            profile = Files.createTempDirectory("herald-spring-chat-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        // the driver executable is given, so Selenium Manager never downloads anything
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.get(url);
        awaitConnected(driver);
        return driver;
    }

    static void awaitConnected(WebDriver d) {
        await().atMost(WAIT).until(() -> "connected".equals(state(d)) && js(d,
                "return window.heraldChat && window.heraldChat.state.activeSub && window.heraldChat.state.activeSub.id")
                != null);
    }

    /** Closes one window (its stream goes with it). */
    void quit(WebDriver d) {
        drivers.remove(d);
        d.quit();
    }

    @Override
    public void close() {
        for (int i = 0; i < drivers.size(); i++) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "screenshots"));
                Path shot = ((TakesScreenshot) drivers.get(i)).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, dir.resolve(name + "-" + (i + 1) + ".png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // a crashed window has no picture; the test's own failure says why
            }
        }
        for (WebDriver d : drivers) {
            try {
                d.quit();
            } catch (RuntimeException e) {
                // already gone; the profile is still deleted below
            }
        }
        drivers.clear();
        for (Path p : profiles) {
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }

    // ---- page helpers ---------------------------------------------------------------------------

    static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    static String state(WebDriver d) {
        return d.findElement(By.cssSelector("[data-testid=connection-status]")).getAttribute("data-state");
    }

    /** The page's own subscription: its display name, user id, id. */
    static String me(WebDriver d, String field) {
        return (String) js(d, "var s = window.heraldChat.state.activeSub; return s && String(s[arguments[0]]);", field);
    }

    static void say(WebDriver d, String text) {
        WebElement input = d.findElement(By.cssSelector("[data-testid=message-input]"));
        input.sendKeys(text);
        d.findElement(By.cssSelector("[data-testid=send-button]")).click();
        await().atMost(WAIT).until(() -> input.getAttribute("value").isEmpty());
    }

    /** The visible chat lines, read in one script call (the log re-renders live). */
    @SuppressWarnings("unchecked")
    static List<String> messages(WebDriver d) {
        return (List<String>) js(d, "return Array.from(document.querySelectorAll("
                + "'[data-testid=chat-log] [data-testid=chat-text]')).filter(e => e.offsetParent !== null)"
                + ".map(e => e.innerText.trim());");
    }

    /** Names in the users panel. */
    @SuppressWarnings("unchecked")
    static List<String> users(WebDriver d) {
        return (List<String>) js(d, "return Array.from(document.querySelectorAll("
                + "'[data-testid=users-list] .user-name')).map(e => e.textContent);");
    }

    /** Signs in with the page's account form (Spring Security's form login behind it). */
    static void signIn(WebDriver d, String user, String password) {
        String before = me(d, "id");
        d.findElement(By.cssSelector("[data-testid=signin-button]")).click();
        d.findElement(By.cssSelector(".signin-tab[data-panel=credentials-form]")).click();
        d.findElement(By.cssSelector("[data-testid=user-name]")).sendKeys(user);
        d.findElement(By.cssSelector("[data-testid=password]")).sendKeys(password, Keys.ENTER);
        await().atMost(WAIT).until(() -> !String.valueOf(before).equals(me(d, "id")) && user.equals(me(d, "displayName"))
                && "connected".equals(state(d)));
    }

    /** Joins as a guest under this name. */
    static void joinAsGuest(WebDriver d, String displayName) {
        d.findElement(By.cssSelector("[data-testid=signin-button]")).click();
        d.findElement(By.cssSelector("[data-testid=guest-name]")).sendKeys(displayName, Keys.ENTER);
        await().atMost(WAIT).until(() -> displayName.equals(me(d, "displayName")) && "connected".equals(state(d)));
    }
}
