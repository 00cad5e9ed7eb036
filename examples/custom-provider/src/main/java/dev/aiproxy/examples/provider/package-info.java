/**
 * An example third-party provider: an in-house, OpenAI-compatible model server that authenticates each call with an
 * HMAC signature of its body instead of a bearer key. It lives in its own jar and is found by {@link
 * java.util.ServiceLoader}, exactly as the built-in providers are.
 */
package dev.aiproxy.examples.provider;
