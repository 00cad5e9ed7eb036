package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Gives Gemini function calls and responses the ids the canonical model needs, where Gemini sent none. */
sealed interface GeminiCallIds {

    /** The id of a {@code functionCall} named {@code name}; {@code given} is its own id, or null. */
    String forCall(String given, String name, String path);

    /** The id of a {@code functionResponse} named {@code name}; {@code given} is its own id, or null. */
    String forResult(String given, String name, String path);

    /** For a client's conversation: deterministic ids, so a response pairs with its call. */
    static GeminiCallIds conversation() {
        return new Conversation();
    }

    /** For an upstream answer: fresh ids; an answer never holds a function response. */
    static GeminiCallIds answer() {
        return new Answer();
    }

    /**
     * Gemini pairs a {@code functionResponse} with its {@code functionCall} by name and order when they have no ids
     * (https://ai.google.dev/gemini-api/docs/function-calling). So does this: a call without an id gets
     * {@code gcall_<n>}, n counting the calls of the conversation, and a response without one takes the oldest
     * unanswered call of the same name. The same conversation always gets the same ids.
     */
    final class Conversation implements GeminiCallIds {
        private final Map<String, Deque<String>> unanswered = new HashMap<>();
        private int next;

        @Override
        public String forCall(String given, String name, String path) {
            String id = given != null ? given : GeminiToolCalls.SYNTHETIC_PREFIX + next++;
            unanswered.computeIfAbsent(name, k -> new ArrayDeque<>()).add(id);
            return id;
        }

        @Override
        public String forResult(String given, String name, String path) {
            Deque<String> open = unanswered.get(name);
            if (given != null) {
                if (open != null) {
                    open.remove(given);
                }
                return given;
            }
            if (open != null && !open.isEmpty()) {
                return open.poll();
            }
            return GeminiToolCalls.SYNTHETIC_PREFIX + next++;
        }
    }

    /** Ids for the calls of one answer. */
    final class Answer implements GeminiCallIds {
        @Override
        public String forCall(String given, String name, String path) {
            return given != null ? given : GeminiToolCalls.newId();
        }

        @Override
        public String forResult(String given, String name, String path) {
            throw new JsonShapeException(path, "a model answer cannot hold a functionResponse");
        }
    }
}
