-- Search at a million cases, part 2 (issue 11). Newest-first search needs each match's created_at, which only the
-- heap has: a word or phrase in ~0.5 % of the cases (客服态度, 质量 很差) has thousands of matches to fetch and sort,
-- and walking the newest-first index instead reads ~200 rows per hit. A week number next to the scope columns in
-- one GIN index (btree_gin) lets the GIN index itself narrow the matches to the scope and the latest weeks, so a
-- search fetches only the matches of a few recent weeks (see src/services/search-cases.ts for the ladder).
CREATE EXTENSION IF NOT EXISTS btree_gin;
ALTER TABLE case_search ADD COLUMN created_week integer;
UPDATE case_search SET created_week = floor(extract(epoch FROM created_at) / 604800)::integer;
ALTER TABLE case_search ALTER COLUMN created_week SET NOT NULL;
-- Replaces case_search_doc_idx: a multicolumn GIN index answers a condition on any subset of its columns, so
-- text-only lookups (similar cases) use it too.
CREATE INDEX case_search_scope_doc_idx ON case_search
  USING gin (platform_tenant_id, respondent_tenant_id, ops_tenant_id, created_week, doc);
DROP INDEX case_search_doc_idx;
