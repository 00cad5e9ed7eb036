/**
 * The canonical chat model every format is translated through: immutable records and sealed types for requests,
 * responses, content parts and stream events.
 */
package dev.aiproxy.api.model;
