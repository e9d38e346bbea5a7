package io.herald.chat;

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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium windows for the page tests (Debian's {@code chromium} + {@code chromium-driver}), each
 * with a fresh profile, plus the page helpers the tests share. {@link #close()} quits every window and
 * deletes the profiles. Elements are found by their {@code data-testid} / ids.
 */
final class Browsers implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String name;
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** @param name prefix of the screenshots {@link #close()} saves, one per window */
    Browsers(String name) {
        this.name = name;
    }

    /** Opens {@code url} in a new 1280x800 window and waits until the page's stream is connected. */
    WebDriver open(String url) {
        return open(url, 1280, 800, true);
    }

    /** Opens {@code url} in a new window; with {@code awaitConnected} waits for the page's stream. */
    WebDriver open(String url, int width, int height, boolean awaitConnected) {
        String chromium = Externals.require("chromium", "apt-get install chromium (scripts/test does)",
                "/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "google-chrome");
        String chromedriver = Externals.require("chromedriver", "apt-get install chromium-driver (scripts/test does)",
                "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "chromedriver");
        Path profile;
        try {
            profile = Files.createTempDirectory("herald-chat-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        // the driver executable is given, so Selenium Manager never downloads anything
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get(url);
        if (awaitConnected) {
            await().atMost(WAIT).until(() -> "connected".equals(state(driver)));
        }
        return driver;
    }

    /** Saves a PNG of the window under {@code target/screenshots/<name>.png} and returns its path. */
    static Path screenshot(WebDriver d, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a screenshot of every window ({@code <name>-<n>.png}), quits them and deletes their profiles. */
    @Override
    public void close() {
        for (int i = 0; i < drivers.size(); i++) {
            try {
                screenshot(drivers.get(i), name + "-" + (i + 1));
            } catch (RuntimeException e) {
                // a crashed window has no picture; the test's own failure says why
            }
        }
        for (WebDriver d : drivers) {
            try {
                d.quit();
            } catch (RuntimeException e) {
                // the window may already be gone; the profile is still deleted below
            }
        }
        drivers.clear();
        for (Path p : profiles) {
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp folder left behind is harmless
            }
        }
        profiles.clear();
    }

    // ---- page helpers --------------------------------------------------------------------------------

    static String state(WebDriver d) {
        return d.findElement(By.cssSelector("[data-testid=connection-status]")).getAttribute("data-state");
    }

    static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    static String myName(WebDriver d) {
        return (String) js(d, "return window.heraldChat.state.activeSub.displayName");
    }

    static String mySubscriptionId(WebDriver d) {
        return (String) js(d, "return window.heraldChat.state.activeSub.id");
    }

    static void say(WebDriver d, String text) {
        WebElement input = d.findElement(By.cssSelector("[data-testid=message-input]"));
        input.sendKeys(text);
        d.findElement(By.cssSelector("[data-testid=send-button]")).click();
        await().atMost(WAIT).until(() -> input.getAttribute("value").isEmpty());
    }

    static List<String> messages(WebDriver d) {
        // one script call (the log re-renders live); visible ones only, as they read on screen
        @SuppressWarnings("unchecked")
        List<String> visible = (List<String>) js(d, "return Array.from(document.querySelectorAll("
                + "'[data-testid=chat-log] [data-testid=chat-text]')).filter(e => e.offsetParent !== null)"
                + ".map(e => e.innerText.trim());");
        return visible;
    }

    /**
     * The text of every element matching {@code css}, read in one script call: the page re-renders its
     * lists live, so reading element by element can hit one that was just replaced (stale element).
     */
    @SuppressWarnings("unchecked")
    static List<String> texts(WebDriver d, String css) {
        return (List<String>) js(d, "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", css);
    }

    static String logText(WebDriver d) {
        return d.findElement(By.cssSelector("[data-testid=chat-log]")).getText();
    }

    static List<String> users(WebDriver d) {
        return texts(d, "[data-testid=users-list] .user-name");
    }

    static String banner(WebDriver d) {
        WebElement b = d.findElement(By.cssSelector("[data-testid=connection-banner]"));
        return b.isDisplayed() ? b.getText() : "";
    }
}
