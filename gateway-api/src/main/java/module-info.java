/**
 * The gateway's public types and the Provider SPI. It needs nothing but the JDK.
 */
module dev.aiproxy.api {
    exports dev.aiproxy.api;
    exports dev.aiproxy.api.error;
    exports dev.aiproxy.api.model;
    exports dev.aiproxy.api.spi;
}
