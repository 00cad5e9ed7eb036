/**
 * One codec per wire format around the canonical model. The codecs themselves live in {@code internal} packages and
 * are reached through {@link dev.aiproxy.translate.Codecs}.
 */
module dev.aiproxy.translate {
    requires transitive dev.aiproxy.api;
    requires com.fasterxml.jackson.databind;

    exports dev.aiproxy.translate;
}
