-- Whether the response cache replayed a stored answer (no upstream called, cost 0): 1, else 0.
ALTER TABLE usage_requests ADD COLUMN cache_hit SMALLINT NOT NULL DEFAULT 0;
