package io.herald.spring;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Context runners with Herald's auto-configurations (no server started: for beans, conditions and properties). */
final class Runners {

    static final AutoConfigurations HERALD = AutoConfigurations.of(HeraldSecurityAutoConfiguration.class,
            HeraldJacksonAutoConfiguration.class, HeraldAutoConfiguration.class, HeraldMetricsAutoConfiguration.class,
            HeraldRedisHealthAutoConfiguration.class);

    private Runners() {
    }

    /** A servlet web application context. */
    static WebApplicationContextRunner web() {
        return new WebApplicationContextRunner().withConfiguration(HERALD);
    }

    /** A context that is not a web application. */
    static ApplicationContextRunner plain() {
        return new ApplicationContextRunner().withConfiguration(HERALD);
    }
}
