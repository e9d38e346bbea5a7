package io.herald.examples.springchat;

import io.herald.ServerEvents;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Signed-in users announce to a channel; every page in it shows the text in a banner (chat.js's cmd.announce). */
@RestController
public class AnnounceController {

    private final ServerEvents serverEvents;

    public AnnounceController(ServerEvents serverEvents) {
        this.serverEvents = serverEvents;
    }

    @PostMapping("/channels/{channel}/announce")
    public void announce(@PathVariable String channel, @RequestParam String text) {
        serverEvents.notifyChannel(channel, "cmd.announce", text);
    }
}
