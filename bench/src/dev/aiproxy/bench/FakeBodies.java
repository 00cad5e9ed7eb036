package dev.aiproxy.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every answer the fake upstream gives, built once at start as complete HTTP/1.1 responses (status line, headers and
 * body), so that serving a request is one array write. Streams are 50 text deltas plus each format's framing events;
 * each event is one pre-built chunk of a chunked response.
 */
final class FakeBodies {
    static final int DELTAS = 50;

    /** A JSON answer: the whole response in one array. */
    final byte[] openAiJson;
    final byte[] anthropicJson;
    final byte[] geminiJson;
    /** A stream: element 0 is the headers plus the first chunk, the rest one chunk each, the last the 0-chunk. */
    final byte[][] openAiStream;
    final byte[][] anthropicStream;
    final byte[][] geminiStream;
    /** An OpenAI stream shaped like the real API's (served under {@code /real/}): see {@link #openAiProviderEvents}. */
    final byte[][] openAiProviderStream;
    final byte[] notFound;

    FakeBodies() {
        openAiJson = json("""
                {"id":"chatcmpl-bench","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, here are five words.",\
                "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":24,"completion_tokens":9,"total_tokens":33,\
                "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
                "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
                "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_bench"}""");
        anthropicJson = json("""
                {"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
                "content":[{"type":"text","text":"Hello there, here are five words."}],"stop_reason":"end_turn",\
                "stop_sequence":null,"usage":{"input_tokens":24,"cache_creation_input_tokens":0,\
                "cache_read_input_tokens":0,"output_tokens":9,"service_tier":"standard"}}""");
        geminiJson = json("""
                {"candidates":[{"content":{"parts":[{"text":"Hello there, here are five words."}],"role":"model"},\
                "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":24,"candidatesTokenCount":9,\
                "totalTokenCount":33,"promptTokensDetails":[{"modality":"TEXT","tokenCount":24}]},\
                "modelVersion":"gemini-2.5-flash","responseId":"bench-response"}""");
        openAiStream = stream(openAiEvents());
        anthropicStream = stream(anthropicEvents());
        geminiStream = stream(geminiEvents());
        openAiProviderStream = stream(openAiProviderEvents());
        notFound = response("404 Not Found", "application/json", "{\"error\":\"unknown path\"}");
    }

    private static String[] openAiEvents() {
        String head = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,";
        String[] events = new String[DELTAS + 3];
        events[0] = head + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
                + "\"finish_reason\":null}]}\n\n";
        for (int i = 0; i < DELTAS; i++) {
            events[i + 1] = head + "\"delta\":{\"content\":\"tok" + i + " \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
        }
        events[DELTAS + 1] = head + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":50,\"total_tokens\":74}}\n\n";
        events[DELTAS + 2] = "data: [DONE]\n\n";
        return events;
    }

    /**
     * A stream as OpenAI's Chat Completions API sends one with {@code stream_options.include_usage} (the chunk object at
     * https://platform.openai.com/docs/api-reference/chat-streaming/streaming): a role chunk, then one chunk per word
     * (a word and its leading space, as the tokens of an English answer mostly are), a chunk with only the finish
     * reason, a chunk with empty {@code choices} and the usage, and {@code [DONE]}; every chunk but the last carries
     * {@code "usage":null}. Today's {@link #openAiEvents} has short synthetic deltas and the usage on the finish chunk.
     */
    private static String[] openAiProviderEvents() {
        String[] words = ("Hello! Here is a short answer to your question, written one word at a time the way a real model"
                + " streams it: each word arrives in a chunk of its own, with the same id, the same model and the same"
                + " fingerprint, and nothing else changes from one chunk to the next until the end.").split(" ");
        String head = "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_eb9dce56a8\",\"choices\":";
        String[] events = new String[words.length + 4];
        events[0] = head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
        for (int i = 0; i < words.length; i++) {
            String word = (i == 0 ? "" : " ") + words[i];
            events[i + 1] = head + "[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}],\"usage\":null}\n\n";
        }
        events[words.length + 1] = head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}\n\n";
        events[words.length + 2] = head + "[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":" + words.length
                + ",\"total_tokens\":" + (24 + words.length) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n";
        events[words.length + 3] = "data: [DONE]\n\n";
        return events;
    }

    private static String[] anthropicEvents() {
        String[] events = new String[DELTAS + 5];
        events[0] = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":24,\"output_tokens\":1}}}\n\n";
        events[1] = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
        for (int i = 0; i < DELTAS; i++) {
            events[i + 2] = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tok" + i + " \"}}\n\n";
        }
        events[DELTAS + 2] = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
        events[DELTAS + 3] = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}\n\n";
        events[DELTAS + 4] = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        return events;
    }

    private static String[] geminiEvents() {
        String[] events = new String[DELTAS];
        for (int i = 0; i < DELTAS; i++) {
            boolean last = i == DELTAS - 1;
            events[i] = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tok" + i + " \"}],\"role\":\"model\"},"
                    + (last ? "\"finishReason\":\"STOP\"," : "") + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":24,"
                    + "\"candidatesTokenCount\":" + (i + 1) + ",\"totalTokenCount\":" + (25 + i) + "},"
                    + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"bench-response\"}\r\n\r\n";
        }
        return events;
    }

    private static byte[] json(String body) {
        return response("200 OK", "application/json", body);
    }

    private static byte[] response(String status, String type, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length
                + "\r\nDate: Wed, 01 Jan 2025 00:00:00 GMT\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), b);
    }

    private static byte[][] stream(String[] events) {
        byte[][] out = new byte[events.length + 1][];
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\nDate: Wed, 01 Jan 2025 00:00:00 GMT\r\n\r\n";
        for (int i = 0; i < events.length; i++) {
            byte[] data = events[i].getBytes(StandardCharsets.UTF_8);
            byte[] chunk = concat(concat((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    data), "\r\n".getBytes(StandardCharsets.US_ASCII));
            out[i] = i == 0 ? concat(head.getBytes(StandardCharsets.US_ASCII), chunk) : chunk;
        }
        out[events.length] = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
