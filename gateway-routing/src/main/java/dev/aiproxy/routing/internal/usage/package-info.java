/** Usage settlement: each request's record, told to the usage listener when its answer ends. */
package dev.aiproxy.routing.internal.usage;
