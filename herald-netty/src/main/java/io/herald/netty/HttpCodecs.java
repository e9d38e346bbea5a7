package io.herald.netty;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The HTTP codec on every Netty 4.2 that Herald supports. Netty 4.2.18 added a pipelining limit to
 * {@link HttpServerCodec} (default depth 128, connection closed beyond it) and the constructor
 * {@code HttpServerCodec(HttpDecoderConfig, int)} to raise it; earlier 4.2 releases (Spring Boot 4.0.x
 * manages 4.2.15) have neither, and calling that constructor there fails with {@code NoSuchMethodError}.
 * So the constructor is looked up once: used when present, otherwise the codec has no limit of its own.
 * Either way reading pauses while a request is served, so the pipelined requests waiting are bounded by
 * what one read brings.
 */
final class HttpCodecs {

    /** {@code HttpServerCodec(HttpDecoderConfig, int)}, or null on a Netty without it. */
    private static final MethodHandle WITH_PIPELINE_DEPTH = find();

    private HttpCodecs() {
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findConstructor(HttpServerCodec.class,
                    MethodType.methodType(void.class, HttpDecoderConfig.class, int.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** Whether this Netty's codec takes a pipelining limit (4.2.18 and later). */
    static boolean hasPipelineLimit() {
        return WITH_PIPELINE_DEPTH != null;
    }

    /**
     * A server codec with {@code config}; on Netty 4.2.18 and later with room for {@code maxPipelinedRequests}
     * requests read and not yet answered rather than Netty's default of 128.
     */
    static HttpServerCodec serverCodec(HttpDecoderConfig config, int maxPipelinedRequests) {
        if (WITH_PIPELINE_DEPTH == null) {
            return new HttpServerCodec(config);
        }
        try {
            return (HttpServerCodec) WITH_PIPELINE_DEPTH.invokeExact(config, maxPipelinedRequests);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the constructor declares no checked exception
            throw new IllegalStateException(e);
        }
    }
}
