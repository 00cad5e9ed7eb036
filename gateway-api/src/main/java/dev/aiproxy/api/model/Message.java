package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One turn of a conversation. */
public record Message(Role role, List<ContentPart> content, Extensions extensions) {
    public Message {
        requireNonNull(role, "role");
        content = List.copyOf(content);
        extensions = extensions == null ? Extensions.EMPTY : extensions;
    }

    public Message(Role role, List<ContentPart> content) {
        this(role, content, Extensions.EMPTY);
    }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new Text(text)));
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Text(text)));
    }

    /** The text of this message, all text parts joined. */
    public String text() {
        return Text.join(content);
    }
}
