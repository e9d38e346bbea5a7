package io.herald.examples.springchat;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The chat history: shared through Redis when {@code herald.redis.uri} is set, else in this process. */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "herald.redis", name = "uri")
    RedisChatHistory redisChatHistory(org.springframework.core.env.Environment env, JsonMapper json,
                                      ChatProperties properties) {
        return new RedisChatHistory(env.getRequiredProperty("herald.redis.uri"), json, properties.getHistorySize());
    }

    @Bean
    @ConditionalOnMissingBean(ChatHistory.class)
    MemoryChatHistory memoryChatHistory(ChatProperties properties) {
        return new MemoryChatHistory(properties.getHistorySize());
    }
}
