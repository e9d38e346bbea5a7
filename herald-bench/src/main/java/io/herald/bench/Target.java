package io.herald.bench;

import java.net.URI;
import java.util.List;

/**
 * What a benchmark run talks to: the servers subscribers are spread over, the URL paths (with a
 * {@code {channel}} placeholder) and the process ids whose CPU and memory are measured.
 *
 * <p>Adding a server under test means giving its two paths and its pid(s); see {@link Targets}.
 *
 * @param name          short label used in results ("nchan", "herald", ...)
 * @param servers       base URLs (scheme, loopback host, port)
 * @param subscribePath GET path of the SSE stream, e.g. {@code /sub/{channel}}
 * @param publishServers base URLs the publisher posts every message to: the first server for a
 *                      server with its own broker (nchan, Herald), every server for the floor
 * @param publishPath   POST path taking the raw JSON message, e.g. {@code /pub/{channel}}
 * @param pids          root pids of the server processes (descendants are included), may be empty
 * @param stopper       stops what the harness started, a no-op for external servers
 */
record Target(String name, List<URI> servers, String subscribePath, List<URI> publishServers, String publishPath,
              List<Long> pids, Runnable stopper) implements AutoCloseable {

    @Override
    public void close() {
        stopper.run();
    }
}
