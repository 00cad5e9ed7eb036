package dev.aiproxy.server.matrix;

/** One official SDK pointed at the gateway, able to run the matrix's two conversations. */
interface MatrixClient extends AutoCloseable {

    /** The question every conversation starts with. */
    String QUESTION = "What is the weather in Paris?";
    /** What the tool answers in the round trip. */
    String TOOL_OUTPUT = "18C and sunny";

    /** Asks the question and returns what the SDK parsed. */
    Parsed text(String model, boolean stream);

    /**
     * Asks the question with the {@code get_weather} tool, reads the tool call, sends {@link #TOOL_OUTPUT} back as its
     * result, and returns what the SDK parsed of both answers.
     */
    ToolRoundTrip toolRoundTrip(String model, boolean stream);

    @Override
    void close();

    /** What an SDK parsed from one answer, in its own vocabulary (stop reasons as the SDK spells them). */
    record Parsed(String text, String stopReason, long inputTokens, long outputTokens) {
    }

    /** The tool call as parsed from the first answer, and the parsed final answer. */
    record ToolRoundTrip(String toolName, String toolArguments, String toolStopReason, long toolInputTokens,
            long toolOutputTokens, Parsed answer) {
    }
}
