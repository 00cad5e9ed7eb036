/** Schedules that follow the live config: the loop the health checks and the model lists run on. */
package dev.aiproxy.routing.internal.schedule;
