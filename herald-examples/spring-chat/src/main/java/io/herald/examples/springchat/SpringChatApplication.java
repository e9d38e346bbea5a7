package io.herald.examples.springchat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The Chat app on Spring Boot: herald-chat's page and herald.js (copied into {@code static/} at build time), its
 * services as Spring MVC controllers, Herald's endpoints from {@code herald-spring-boot-starter}, sign-in by
 * Spring Security.
 *
 * <pre>
 * java -jar herald-examples/spring-chat/target/herald-spring-chat.jar --server.port=8080
 * java -jar herald-examples/spring-chat/target/herald-spring-chat.jar --herald.redis.uri=redis://localhost:6379
 * </pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(ChatProperties.class)
public class SpringChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringChatApplication.class, args);
    }
}
