/** The JDBC usage store: its databases, schema, writer and queries. */
package dev.aiproxy.usage.internal;
