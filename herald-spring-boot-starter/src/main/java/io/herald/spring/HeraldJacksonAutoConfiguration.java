package io.herald.spring;

import io.herald.JsonCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Message bodies as JSON through the app's own Jackson 3 (Spring Boot 4's {@code JsonMapper} bean): a
 * {@link Jackson3JsonCodec} over it, so Herald needs no JSON library of its own. With no mapper bean (Jackson 3
 * on the class path but not auto-configured), a plain {@code JsonMapper} is used. Without Jackson 3 at all, this
 * backs off and Herald uses {@link JsonCodec#defaultCodec()}.
 */
@AutoConfiguration(before = HeraldAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(name = {"tools.jackson.databind.json.JsonMapper", "io.herald.ServerEventsFeature"})
public class HeraldJacksonAutoConfiguration {

    /** The codec over the app's mapper; declare your own {@link JsonCodec} bean to replace it. */
    @Bean
    @ConditionalOnMissingBean
    public JsonCodec heraldJsonCodec(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ObjectMapper> anyMapper) {
        ObjectMapper mapper = jsonMapper.getIfUnique();
        if (mapper == null) {
            mapper = anyMapper.getIfUnique();
        }
        return new Jackson3JsonCodec(mapper != null ? mapper : JsonMapper.builder().build());
    }
}
