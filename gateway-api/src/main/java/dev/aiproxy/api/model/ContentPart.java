package dev.aiproxy.api.model;

/** One piece of a message: text, an image, a tool call, a tool result or a reasoning block. */
public sealed interface ContentPart permits Text, Image, ToolCall, ToolResult, Thinking {
}
