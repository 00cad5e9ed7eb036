package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import java.time.Instant;
import java.util.List;

/** The Responses response object, both ways. */
final class ResponsesResponseCodec {
    private ResponsesResponseCodec() {
    }

    /**
     * @throws UpstreamException (502) when the response {@code failed} or did not finish
     * @throws dev.aiproxy.translate.internal.json.JsonShapeException when the body is not a response object
     */
    static ChatResponse decode(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        String status = Fields.text(root, "status", "");
        if ("failed".equals(status)) {
            throw failed(Fields.object(root, "error", ""));
        }
        List<ContentPart> content = ResponsesOutputDecoder.items(Fields.requireArray(root, "output", ""), "output");
        JsonNode incomplete = Fields.object(root, "incomplete_details", "");
        String reason = incomplete == null ? null : Fields.text(incomplete, "reason", "incomplete_details");
        StopReason stop = ResponsesStatus.decode(status, reason,
                content.stream().anyMatch(ToolCall.class::isInstance));
        if (stop == null) {
            throw UpstreamException.badGateway("upstream sent an unfinished response (status '" + status + "')",
                    null);
        }
        String id = Fields.text(root, "id", "");
        String model = Fields.text(root, "model", "");
        return new ChatResponse(id != null ? id : Ids.next("resp_"), model != null ? model : "", content, stop,
                ResponsesUsage.decode(Fields.object(root, "usage", ""), "usage"), Extensions.EMPTY);
    }

    /** The error a {@code failed} response carries, as the upstream failure it is. */
    static UpstreamException failed(JsonNode error) {
        String message = error == null ? null : Fields.text(error, "message", "error");
        String code = error == null ? null : Fields.text(error, "code", "error");
        return new UpstreamException(502, ErrorType.UPSTREAM, "upstream response failed: "
                + (message != null ? message : "no error given"), code, 200, false, null, null);
    }

    /** @param request the request answered, whose settings the object echoes, or null to echo the API's defaults */
    static byte[] encode(ChatResponse response, ChatRequest request) {
        ResponsesStatus status = ResponsesStatus.of(response.stopReason());
        ResponseObjectWriter.Snapshot snapshot = new ResponseObjectWriter.Snapshot(
                ResponseObjectWriter.responseId(response.id()), Instant.now().getEpochSecond(), status.status(),
                status.incompleteReason(), null, response.model(), ResponsesOutputItems.of(response.content()),
                response.usage());
        return Json.write(gen -> ResponseObjectWriter.write(gen, snapshot, request));
    }
}
