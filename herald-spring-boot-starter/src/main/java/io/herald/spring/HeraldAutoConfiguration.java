package io.herald.spring;

import io.herald.ChannelAuthorizer;
import io.herald.JsonCodec;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsHooks;
import io.herald.ServerEventsOptions;
import io.herald.SessionResolver;
import io.herald.redis.RedisServerEvents;
import io.herald.servlet.HeraldServlet;
import io.herald.servlet.HeraldServletOptions;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Herald in a Spring Boot application: the back-end ({@link ServerEvents}, in memory, or on Redis when
 * {@code herald.redis.uri} is set), the endpoints ({@link ServerEventsFeature}) served by a
 * {@link HeraldServlet} on the app's own server, at ServiceStack's paths or under {@code herald.path-prefix},
 * and a lifecycle that closes every stream before the server's graceful shutdown.
 *
 * <p>Every bean backs off when the application declares its own of the same type (or, for the servlet
 * registration, the same name). Beans the options pick up when present: {@link SessionResolver} (Spring
 * Security's, from {@link HeraldSecurityAutoConfiguration}), {@link JsonCodec} (the app's Jackson, from
 * {@link HeraldJacksonAutoConfiguration}), {@link ChannelAuthorizer}, {@link ServerEventsHooks}, and any
 * {@link HeraldOptionsCustomizer}s. Declaring a {@link ServerEventsOptions} bean replaces all of that (and
 * the {@code herald.*} settings of the options).
 */
@AutoConfiguration
@ConditionalOnClass(ServerEventsFeature.class)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldAutoConfiguration {

    /** The options from the {@code herald.*} properties and the beans above; a bad property stops the context. */
    @Bean
    @ConditionalOnMissingBean
    public ServerEventsOptions heraldServerEventsOptions(HeraldProperties properties, Environment environment,
            ObjectProvider<SessionResolver> sessionResolver, ObjectProvider<JsonCodec> codec,
            ObjectProvider<ChannelAuthorizer> channelAuthorizer, ObjectProvider<ServerEventsHooks> hooks,
            ObjectProvider<HeraldOptionsCustomizer> customizers) {
        ServerEventsOptions.Builder builder = new PropertiesToOptions(properties, environment::getProperty)
                .serverEventsOptions();
        sessionResolver.ifUnique(builder::sessionResolver);
        codec.ifUnique(builder::codec);
        channelAuthorizer.ifUnique(builder::channelAuthorizer);
        hooks.ifUnique(builder::hooks);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The endpoints on the in-memory back-end, unless the Redis configuration (processed first, as a nested
     * class) made them, or the app did. A Redis URI without herald-redis is an error, not a silent fallback.
     */
    @Bean
    @ConditionalOnMissingBean
    public ServerEventsFeature heraldFeature(ServerEventsOptions options, HeraldProperties properties) {
        String uri = properties.getRedis().getUri();
        if (uri != null && !uri.isBlank()) {
            throw new InvalidHeraldPropertyException("herald.redis.uri", uri, "the Redis back-end needs"
                    + " io.herald:herald-redis on the class path (add it as a dependency)", List.of(), null);
        }
        return ServerEventsFeature.create(options);
    }

    /** The API services publish through (the feature's back-end). Closed with the feature, not on its own. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public ServerEvents heraldServerEvents(ServerEventsFeature feature) {
        return feature.serverEvents();
    }

    /** Starts the back-end with the context and closes every stream before the graceful shutdown. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldLifecycle")
    HeraldLifecycle heraldLifecycle(ServerEvents serverEvents) {
        return new HeraldLifecycle(serverEvents);
    }

    /** The Redis back-end, when {@code herald.redis.uri} is set and herald-redis is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.herald.redis.RedisServerEvents")
    @ConditionalOnProperty(prefix = "herald.redis", name = "uri")
    static class RedisBackend {

        @Bean
        @ConditionalOnMissingBean
        ServerEventsFeature heraldRedisFeature(ServerEventsOptions options, HeraldProperties properties) {
            String uri = properties.getRedis().getUri().strip();
            String prefix = properties.getRedis().getKeyPrefix();
            try {
                return ServerEventsFeature.create(options, prefix == null || prefix.isEmpty()
                        ? RedisServerEvents.factory(uri) : RedisServerEvents.factory(uri, prefix));
            } catch (IllegalArgumentException e) {
                boolean aboutPrefix = e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("prefix");
                throw new InvalidHeraldPropertyException(aboutPrefix ? "herald.redis.key-prefix" : "herald.redis.uri",
                        aboutPrefix ? String.valueOf(prefix) : uri, e.getMessage(), List.of(), e);
            }
        }
    }

    /** The servlet serving the endpoints on the app's own server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"jakarta.servlet.http.HttpServlet", "io.herald.servlet.HeraldServlet"})
    static class ServletEndpoints {

        @Bean
        @ConditionalOnMissingBean
        HeraldEndpoints heraldEndpoints(ServerEventsFeature feature, HeraldProperties properties,
                                        Environment environment) {
            return HeraldEndpoints.of(feature.options(),
                    new PropertiesToOptions(properties, environment::getProperty).pathPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(name = "heraldServletRegistration")
        ServletRegistrationBean<HeraldServlet> heraldServletRegistration(ServerEventsFeature feature,
                HeraldEndpoints endpoints, HeraldProperties properties, Environment environment) {
            // at the root the servlet is mapped to exact paths, so Herald must see each request's whole path
            String mount = endpoints.pathPrefix().isEmpty() ? "" : null;
            HeraldServletOptions options = new PropertiesToOptions(properties, environment::getProperty)
                    .servletOptions(mount);
            ServletRegistrationBean<HeraldServlet> registration = new ServletRegistrationBean<>(
                    new HeraldServlet(options, feature), endpoints.servletMappings().toArray(String[]::new));
            registration.setName(HeraldEndpoints.SERVLET_NAME);
            registration.setAsyncSupported(true); // event streams are async requests
            registration.setLoadOnStartup(1);
            return registration;
        }
    }
}
