package io.herald.chat;

import static io.herald.chat.Browsers.WAIT;
import static io.herald.chat.Browsers.messages;
import static io.herald.chat.Browsers.say;
import static io.herald.chat.Browsers.users;
import static org.awaitility.Awaitility.await;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Makes the README screenshots (not a test): {@code chat-one-instance.png} from an in-process app with two
 * users chatting, and, given the three URLs of {@code scripts/fanout-redis.sh}, {@code chat-three-instances.png}
 * with one user per instance. Each picture puts the windows side by side.
 *
 * <p>Run with the test class path: {@code java -cp ... io.herald.chat.DocScreenshots OUT_DIR [URL1 URL2 URL3]}.
 */
public final class DocScreenshots {

    private DocScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        oneInstance(out.resolve("chat-one-instance.png"));
        if (args.length >= 4) {
            threeInstances(out.resolve("chat-three-instances.png"), List.of(args[1], args[2], args[3]));
        }
        System.exit(0);
    }

    private static void oneInstance(Path target) throws IOException {
        try (ChatApp app = TestApps.start("background", "/img/bg.svg");
             Browsers browsers = new Browsers("doc-one")) {
            WebDriver alice = guest(browsers, TestApps.page(app, ""), "Alice", 960, 720);
            WebDriver bob = guest(browsers, TestApps.page(app, ""), "Bob", 960, 720);
            await().atMost(WAIT).until(() -> users(alice).containsAll(List.of("Alice", "Bob")));
            say(alice, "Hi Bob! This page gets every line over Server-Sent Events.");
            say(bob, "Hello Alice. Try /cmd.announce or @Alice for a private line.");
            say(alice, "@Bob the history is replayed when you join, too.");
            await().atMost(WAIT).until(() -> messages(alice).size() >= 3 && messages(bob).size() >= 3);
            stitch(target, shot(alice), shot(bob));
        }
    }

    private static void threeInstances(Path target, List<String> urls) throws IOException, InterruptedException {
        try (Browsers browsers = new Browsers("doc-three")) {
            // start from an empty shared history, so earlier runs do not show
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(urls.get(0) + "/reset")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            String[] names = {"Alice", "Bob", "Carol"};
            List<WebDriver> pages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pages.add(guest(browsers, urls.get(i) + "/", names[i], 900, 720));
            }
            await().atMost(WAIT).until(() -> pages.stream().allMatch(p -> users(p).containsAll(List.of(names))));
            say(pages.get(0), "Hi from the server on :1337");
            say(pages.get(1), "Bob here, on :2337");
            say(pages.get(2), "Carol on :3337. One Redis, three servers, one chat.");
            await().atMost(WAIT).until(() -> pages.stream().allMatch(p -> messages(p).size() >= 3));
            stitch(target, shot(pages.get(0)), shot(pages.get(1)), shot(pages.get(2)));
        }
    }

    private static WebDriver guest(Browsers browsers, String url, String name, int w, int h) {
        WebDriver d = browsers.open(url, w, h, true);
        d.findElement(By.cssSelector("[data-testid=signin-button]")).click();
        d.findElement(By.cssSelector("[data-testid=guest-name]")).sendKeys(name, Keys.ENTER);
        await().atMost(WAIT).until(() -> name.equals(Browsers.js(d,
                "return window.heraldChat.state.activeSub && window.heraldChat.state.activeSub.displayName")));
        return d;
    }

    private static BufferedImage shot(WebDriver d) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES)));
    }

    /** The images side by side with a thin gap. */
    private static void stitch(Path target, BufferedImage... images) throws IOException {
        int gap = 12;
        int width = gap;
        int height = 0;
        for (BufferedImage i : images) {
            width += i.getWidth() + gap;
            height = Math.max(height, i.getHeight());
        }
        BufferedImage out = new BufferedImage(width, height + 2 * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new java.awt.Color(0x1e, 0x1b, 0x2e));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x = gap;
        for (BufferedImage i : images) {
            g.drawImage(i, x, gap, null);
            x += i.getWidth() + gap;
        }
        g.dispose();
        ImageIO.write(out, "png", target.toFile());
        System.out.println("wrote " + target + " (" + out.getWidth() + "x" + out.getHeight() + ")");
    }
}
