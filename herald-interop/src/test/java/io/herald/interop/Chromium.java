package io.herald.interop;

import io.herald.tck.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium (Debian's {@code chromium} driven through {@code chromedriver}) with a fresh profile,
 * offline-safe flags and its console log kept. {@link #close()} quits it and deletes the profile.
 */
final class Chromium implements AutoCloseable {

    private static final int KEEPALIVE_BYTES = ": keepalive\n\n".length();

    private final ChromeDriver driver;
    private final Path profile;

    Chromium() {
        String chromium = Externals.chromium();
        String chromedriver = Externals.chromedriver();
        try {
            profile = Files.createTempDirectory("herald-interop-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // no network here: nothing in the background may try to reach out, and QUIC is off
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL); // DevTools network events: what arrived on each request
        options.setCapability("goog:loggingPrefs", logs);
        // the driver executable is given, so Selenium Manager never downloads anything
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Loads {@code url} in the current tab. */
    void open(String url) {
        driver.get(url);
    }

    /**
     * Closes the current page and loads {@code url} in a new tab. Navigating away is not enough to end a page's
     * streams: Chromium may keep the old page, open connections and all, in its back/forward cache.
     */
    void openInNewTab(String url) {
        closePage();
        driver.get(url);
    }

    /** Runs {@code script} (a function body; {@code return} gives the result) in the current page. */
    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> jsObject(String script, Object... args) {
        return (Map<String, Object>) js(script, args);
    }

    long jsLong(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }

    /** Closes the current tab (its page and every connection it holds) and carries on in a new blank one. */
    void closePage() {
        String page = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String blank = driver.getWindowHandle();
        driver.switchTo().window(page).close();
        driver.switchTo().window(blank);
    }

    /** The console messages logged since the last call (errors such as refused CORS requests included). */
    List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /**
     * How many pieces of exactly one keepalive comment ({@code ": keepalive\n\n"}, 13 bytes) Chromium's network
     * stack received on requests whose URL contains {@code urlPart}, from the DevTools events logged since the last
     * call ({@code Network.requestWillBeSent}, {@code Network.dataReceived}).
     */
    @SuppressWarnings("unchecked")
    int keepaliveChunks(String urlPart) {
        Set<String> requests = new HashSet<>();
        int count = 0;
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            Map<String, Object> message = (Map<String, Object>) JsonText.object(entry.getMessage()).get("message");
            Map<String, Object> params = (Map<String, Object>) message.get("params");
            String method = (String) message.get("method");
            if ("Network.requestWillBeSent".equals(method)
                    && ((String) ((Map<String, Object>) params.get("request")).get("url")).contains(urlPart)) {
                requests.add((String) params.get("requestId"));
            } else if ("Network.dataReceived".equals(method) && requests.contains(params.get("requestId"))
                    && ((Number) params.get("dataLength")).intValue() == KEEPALIVE_BYTES) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // already gone; the profile is still deleted below
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
