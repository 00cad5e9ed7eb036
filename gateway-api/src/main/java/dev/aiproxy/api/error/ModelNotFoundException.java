package dev.aiproxy.api.error;

/** No configured provider serves the requested model (HTTP 404). */
public final class ModelNotFoundException extends GatewayException {
    private final String model;

    public ModelNotFoundException(String model, String message) {
        super(404, ErrorType.NOT_FOUND, message, "model_not_found", "model", null, null);
        this.model = model;
    }

    /** The model name the client asked for. */
    public String model() {
        return model;
    }
}
