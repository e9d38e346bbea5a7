package io.herald.examples.springchat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code chat.*}: the demo's accounts and looks. */
@ConfigurationProperties("chat")
public class ChatProperties {

    /** User name to password, in Spring Security's {id}encoded form, e.g. alice={noop}wonderland. */
    private Map<String, String> users = new LinkedHashMap<>();

    /** The page's background image. */
    private String background = "/img/bg.svg";

    /** Public messages kept per channel. */
    private int historySize = 1000;

    public Map<String, String> getUsers() {
        return users;
    }

    public void setUsers(Map<String, String> users) {
        this.users = users;
    }

    public String getBackground() {
        return background;
    }

    public void setBackground(String background) {
        this.background = background;
    }

    public int getHistorySize() {
        return historySize;
    }

    public void setHistorySize(int historySize) {
        this.historySize = historySize;
    }
}
