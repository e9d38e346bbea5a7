package io.herald.netty;

/** The event-stream tests again on the NIO transport (the others run on epoll where it is available). */
class NioEventStreamIT extends EventStreamIT {

    @Override
    HeraldServer.Builder configure(HeraldServer.Builder builder) {
        return builder.nativeTransport(false);
    }
}
