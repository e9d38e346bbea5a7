package io.herald.tck.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.EventSubscription;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** A native browser EventSource in headless Chromium resumes after its connection is cut. */
class EventSourceResumeIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private ServerEventsFeature feature;
    private HeraldServer http;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String why = "chromium and chromium-driver are needed (apt-get install chromium chromium-driver; scripts/test does)";
            if ("true".equals(System.getenv("CI")) || "true".equals(System.getenv("HERALD_REQUIRE_EXTERNALS"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
        http = HeraldServer.builder().host("127.0.0.1").port(0).handler(feature).staticFiles("web-test/").build();
        http.start();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("herald-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (http != null) {
            http.stop();
        }
        if (feature != null) {
            feature.close();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> received() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) ((JavascriptExecutor) browser)
                .executeScript("return window.received;");
        List<String> data = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            data.add((String) m.get("data"));
        }
        return data;
    }

    private long opens() {
        return (Long) ((JavascriptExecutor) browser).executeScript("return window.opens;");
    }

    @Test
    void aCutConnectionResumesWithEveryMissedMessageOnce() {
        browser.get(http.baseUrl() + "/eventsource.html");
        await().atMost(Duration.ofSeconds(10)).until(() -> received().stream().anyMatch(d -> d.startsWith("feed@cmd.onJoin")));
        ServerEvents events = feature.serverEvents();
        for (int i = 1; i <= 5; i++) {
            events.notifyChannel("feed", "cmd.n", i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received().contains("feed@cmd.n 5"));

        EventSubscription sub = events.getAllSubscriptionInfos().stream()
                .map(info -> events.getLocalSubscription(info.id())).findFirst().orElseThrow();
        events.disconnect(sub.id()); // the connection is cut under the page
        await().atMost(Duration.ofSeconds(5)).until(() -> events.getLocalSubscription(sub.id()) == null);
        for (int i = 6; i <= 10; i++) {
            events.notifyChannel("feed", "cmd.n", i); // nobody is listening right now
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> received().stream().anyMatch(d -> d.startsWith("cmd.onResume")));
        events.notifyChannel("feed", "cmd.n", 11);
        await().atMost(Duration.ofSeconds(5)).until(() -> received().contains("feed@cmd.n 11"));

        List<String> numbers = received().stream().filter(d -> d.startsWith("feed@cmd.n ")).map(d -> d.substring(11)).toList();
        assertThat(numbers).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        assertThat(received()).anyMatch(d -> d.startsWith("cmd.onResume {") && d.contains("\"recovered\":true"));
        assertThat(opens()).isEqualTo(2);
    }
}
