package dev.aiproxy.server;

/**
 * A streamed answer in each upstream format: its beginning ("Hel", "lo"), an error event that may follow it, as
 * each provider sends one mid-stream, and the ending ("!", the stop reason and the format's last event) that may
 * follow it instead.
 */
enum UpstreamStreams {
    OPENAI(FormatUpstreams.GPT, FormatUpstreams.CHAT, StreamClients.OPENAI_CHAT,
            "The server had an error while processing your request.",
            chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}") + chunk("{\"content\":\"lo\"}"),
            "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
            chunk("{\"content\":\"!\"}")
            + chunk("{}").replace("\"finish_reason\":null", "\"finish_reason\":\"stop\"") + "data: [DONE]\n\n"),
    ANTHROPIC(FormatUpstreams.CLAUDE, FormatUpstreams.MESSAGES, StreamClients.ANTHROPIC, "Overloaded", """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01Err","type":"message","role":"assistant",\
            "content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,\
            "usage":{"input_tokens":9,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}

            """, """
            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

            """, """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
            "usage":{"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}

            """),
    GEMINI(FormatUpstreams.GEMINI, FormatUpstreams.GEMINI_STREAM, StreamClients.GEMINI, "The model is overloaded.",
            geminiChunk("Hel") + geminiChunk("lo"),
            "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"
            + "\r\n\r\n",
            geminiChunk("!").replace("\"index\":0}", "\"finishReason\":\"STOP\",\"index\":0}"));

    /** The client-facing model routed to this upstream. */
    final String model;
    /** Where the gateway calls it. */
    final String path;
    /** The client format that passes through to it untranslated. */
    final StreamClients sameFormat;
    /** The message of its error event. */
    final String message;
    final String beginning;
    final String error;
    final String ending;

    UpstreamStreams(String model, String path, StreamClients sameFormat, String message, String beginning,
            String error, String ending) {
        this.model = model;
        this.path = path;
        this.sameFormat = sameFormat;
        this.message = message;
        this.beginning = beginning;
        this.error = error;
        this.ending = ending;
    }

    private static String chunk(String delta) {
        return "data: {\"id\":\"chatcmpl-err\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":null}]}\n\n";
    }

    private static String geminiChunk(String text) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"err1\"}\r\n\r\n";
    }
}
