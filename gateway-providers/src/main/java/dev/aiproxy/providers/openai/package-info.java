/**
 * OpenAI and every OpenAI-compatible upstream (DeepSeek, Groq, Mistral, xAI, Perplexity, OpenRouter, Ollama, LM
 * Studio, ...). The compatible ones are presets, data in {@code presets.json}, not classes.
 */
package dev.aiproxy.providers.openai;
