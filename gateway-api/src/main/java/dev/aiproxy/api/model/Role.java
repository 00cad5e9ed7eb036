package dev.aiproxy.api.model;

/** Who wrote a message. {@code TOOL} messages carry tool results back to the model. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}
