package io.herald.spring;

import io.herald.ServerEvents;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app's own controller beside Herald: sends through the auto-configured {@link ServerEvents}. */
@RestController
class SendController {

    /** A message body; {@code note} is left null to show that nulls are left out. */
    record Chat(String text, String note) {
    }

    private final ServerEvents serverEvents;

    SendController(ServerEvents serverEvents) {
        this.serverEvents = serverEvents;
    }

    @PostMapping("/send/{channel}")
    String send(@PathVariable String channel, @RequestParam String text) {
        serverEvents.notifyChannel(channel, "cmd.chat", new Chat(text, null));
        return "sent";
    }

    @GetMapping("/hello")
    String hello() {
        return "hello from MVC";
    }
}
