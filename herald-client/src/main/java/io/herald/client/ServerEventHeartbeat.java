package io.herald.client;

/** The server's answer to one of this client's heartbeats: {@code cmd.onHeartbeat}. Immutable. */
public final class ServerEventHeartbeat extends ServerEventCommand {

    ServerEventHeartbeat(ServerEventMessage message) {
        super(message);
    }
}
