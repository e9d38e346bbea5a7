package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ChannelAuthorizer;
import io.herald.JsonCodec;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.SessionResolver;
import io.herald.UserSession;
import io.herald.memory.MemoryServerEvents;
import io.herald.micrometer.HeraldMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which beans the auto-configuration makes, and that every one of them gives way to the app's own. */
class ConditionsTest {

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final SessionResolver RESOLVER = request -> new UserSession("me", "me", "Me", null, null, true);
        static final JsonCodec CODEC = new Jackson3JsonCodec(tools.jackson.databind.json.JsonMapper.builder().build());
        static final ChannelAuthorizer AUTHORIZER = (user, channels, request) -> null;

        @Bean
        SessionResolver mySessions() {
            return RESOLVER;
        }

        @Bean
        JsonCodec myCodec() {
            return CODEC;
        }

        @Bean
        ChannelAuthorizer myAuthorizer() {
            return AUTHORIZER;
        }

        @Bean
        HeraldOptionsCustomizer longerHistory() {
            return options -> options.historySize(1234);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFeature {
        @Bean
        ServerEventsFeature myFeature() {
            return ServerEventsFeature.create(ServerEventsOptions.builder().streamPath("/mine").build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnOptions {
        @Bean
        ServerEventsOptions myOptions() {
            return ServerEventsOptions.builder().idleTimeout(Duration.ofMinutes(2)).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void theAppsOwnResolverCodecAuthorizerAndCustomizersGoIntoTheOptions() {
        Runners.web().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(SessionResolver.class).hasSingleBean(JsonCodec.class);
            ServerEventsOptions o = context.getBean(ServerEventsOptions.class);
            assertThat(o.sessionResolver()).isSameAs(OwnBeans.RESOLVER);
            assertThat(o.codec()).isSameAs(OwnBeans.CODEC);
            assertThat(o.channelAuthorizer()).isSameAs(OwnBeans.AUTHORIZER);
            assertThat(o.historySize()).isEqualTo(1234);
        });
    }

    @Test
    void theAppsOwnFeatureIsServedAndPublishedThrough() {
        Runners.web().withUserConfiguration(OwnFeature.class).run(context -> {
            ServerEventsFeature mine = context.getBean(ServerEventsFeature.class);
            assertThat(mine.options().streamPath()).isEqualTo("/mine");
            assertThat(context.getBean(ServerEvents.class)).isSameAs(mine.serverEvents());
            assertThat(context.getBean(HeraldEndpoints.class).servletMappings()).startsWith("/mine");
        });
    }

    @Test
    void theAppsOwnOptionsReplaceTheProperties() {
        Runners.web().withUserConfiguration(OwnOptions.class).withPropertyValues("herald.idle-timeout=1s")
                .run(context -> assertThat(context.getBean(ServerEventsFeature.class).options().idleTimeout())
                        .isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void theAppsOwnServletRegistrationReplacesHerald() {
        Runners.web().withBean("heraldServletRegistration", ServletRegistrationBean.class, ServletRegistrationBean::new)
                .run(context -> assertThat(context.getBean("heraldServletRegistration", ServletRegistrationBean.class)
                        .getServlet()).isNull());
    }

    @Test
    void withSpringSecurityTheResolverReadsItsPrincipalAndWithoutItThereIsNone() {
        Runners.web().run(context -> assertThat(context.getBean(SessionResolver.class))
                .isInstanceOf(SpringSecuritySessionResolver.class));
        Runners.web().withClassLoader(new FilteredClassLoader("org.springframework.security.")).run(context -> {
            assertThat(context).doesNotHaveBean(SessionResolver.class);
            assertThat(context).hasSingleBean(ServerEventsFeature.class);
        });
    }

    @Test
    void withoutJackson3TheDefaultCodecIsUsed() {
        Runners.web().withClassLoader(new FilteredClassLoader("tools.jackson.")).run(context -> {
            assertThat(context).doesNotHaveBean(JsonCodec.class);
            assertThat(context.getBean(ServerEventsOptions.class).codec().getClass())
                    .isEqualTo(JsonCodec.defaultCodec().getClass());
        });
    }

    @Test
    void metersWhenThereIsARegistryTaggedWithTheBackEnd() {
        Runners.web().run(context -> assertThat(context).doesNotHaveBean(HeraldMetrics.class));
        Runners.web().withUserConfiguration(Registry.class).run(context -> {
            context.getBean(HeraldMetrics.class).bindTo(context.getBean(MeterRegistry.class));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("herald.connections").tag("backend", "memory").functionCounter()).isNotNull();
            assertThat(registry.get("herald.subscriptions").tag("backend", "memory").gauge()).isNotNull();
        });
        Runners.web().withUserConfiguration(Registry.class)
                .withClassLoader(new FilteredClassLoader("io.herald.micrometer."))
                .run(context -> assertThat(context).doesNotHaveBean(HeraldMetrics.class));
    }

    @Test
    void aRedisUriWithoutHeraldRedisStopsTheContextNamingIt() {
        Runners.web().withClassLoader(new FilteredClassLoader("io.herald.redis."))
                .withPropertyValues("herald.redis.uri=redis://localhost:6379").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidHeraldPropertyException.class)
                            .hasMessageContaining("herald.redis.uri=redis://localhost:6379 is invalid")
                            .hasMessageContaining("io.herald:herald-redis");
                });
    }

    @Test
    void outsideAWebApplicationTheBackEndIsThereButNoServlet() {
        Runners.plain().run(context -> {
            assertThat(context.getBean(ServerEvents.class)).isInstanceOf(MemoryServerEvents.class);
            assertThat(context).doesNotHaveBean(HeraldEndpoints.class).doesNotHaveBean(ServletRegistrationBean.class);
        });
    }

    @Test
    void noRedisHealthIndicatorOnTheMemoryBackEnd() {
        Runners.web().run(context -> assertThat(context).doesNotHaveBean("heraldRedisHealthIndicator"));
    }
}
