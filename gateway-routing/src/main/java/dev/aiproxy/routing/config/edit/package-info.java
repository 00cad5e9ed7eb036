/**
 * Edits of the config and clients files that keep them as a person wrote them: the YAML node tree with its comments
 * and key order, changed where an edit touches it, and {@code ${VAR}} references left as written. What the management
 * API writes goes through here, then through the same validation and reload as a hand edit.
 */
package dev.aiproxy.routing.config.edit;
