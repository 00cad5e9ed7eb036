/** Budgets: what each client and the whole gateway spent today and this month, and the step that refuses beyond. */
package dev.aiproxy.routing.internal.budget;
