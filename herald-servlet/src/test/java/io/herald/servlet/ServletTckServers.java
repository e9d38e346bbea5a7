package io.herald.servlet;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsNode;
import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;
import java.time.Duration;
import java.util.function.Function;

/** Puts a {@link ServerEventsFeature} behind a {@link HeraldServlet} in a real container, for the contract suite. */
public final class ServletTckServers {

    /**
     * The suite gives a vanished client's {@code onLeave} 5 s to arrive, and a servlet container only notices
     * a hang-up when a write fails: idle streams are probed every second here (the default is 5 s), so the
     * failing write comes within about 2.5 s. Not shorter: a probe's empty line lands in the raw bytes some
     * contract checks byte for byte, and only a stream quiet for a whole second gets one.
     */
    static final HeraldServletOptions TCK_OPTIONS = HeraldServletOptions.builder()
            .probeInterval(Duration.ofSeconds(1)).build();

    private ServletTckServers() {
    }

    /**
     * Starts the feature with these options and back-end in a container of this kind, mounted at the root
     * ({@code /*}) on 127.0.0.1 and an ephemeral port. Closing the result closes the feature (ending
     * its streams), then stops the container.
     */
    public static TckServer start(ContainerKind kind, ServerEventsOptions.Builder options,
                                  Function<ServerEventsOptions, ? extends ServerEventsNode> backend) throws Exception {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build(), backend);
        Container container;
        try {
            container = kind.start(new HeraldServlet(TCK_OPTIONS, feature), Container.Setup.root());
        } catch (Exception | Error e) {
            feature.close();
            throw e;
        }
        return new TckServer() {
            @Override
            public String baseUrl() {
                return container.baseUrl();
            }

            @Override
            public ServerEvents serverEvents() {
                return feature.serverEvents();
            }

            @Override
            public int requestLineTooLongStatus() {
                return kind.requestLineTooLongStatus();
            }

            @Override
            public int headersTooLargeStatus() {
                return kind.headersTooLargeStatus();
            }

            @Override
            public boolean sendsReasonPhrases() {
                return false; // Servlet 6 cannot set one; the message travels in X-Status-Description
            }

            @Override
            public void close() {
                try {
                    feature.close(); // ends every stream first, so the container has no request to wait for
                } finally {
                    container.close();
                }
            }
        };
    }
}
