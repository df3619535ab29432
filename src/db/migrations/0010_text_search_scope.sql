-- Search at a million cases (issue 11). case_search carries the case's creation time and the three visibility
-- columns, copied from cases in the transaction that writes the document, so one table answers a search: either
-- the GIN index finds the matches and the newest are sorted out of them (rare words), or the visibility index is
-- walked newest first with the text condition checked inline (frequent words), instead of probing case_search once
-- per case of the work queue.
ALTER TABLE case_search
  ADD COLUMN created_at timestamptz,
  ADD COLUMN respondent_tenant_id uuid,
  ADD COLUMN platform_tenant_id uuid,
  ADD COLUMN ops_tenant_id uuid;
UPDATE case_search s
   SET created_at = c.created_at, respondent_tenant_id = c.respondent_tenant_id,
       platform_tenant_id = c.platform_tenant_id, ops_tenant_id = c.ops_tenant_id
  FROM cases c
 WHERE c.tenant_id = s.tenant_id AND c.id = s.case_id;
ALTER TABLE case_search
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN respondent_tenant_id SET NOT NULL;
CREATE INDEX case_search_respondent_idx ON case_search (respondent_tenant_id, created_at DESC, case_id DESC);
CREATE INDEX case_search_platform_idx ON case_search (platform_tenant_id, created_at DESC, case_id DESC)
  WHERE platform_tenant_id IS NOT NULL;
CREATE INDEX case_search_ops_idx ON case_search (ops_tenant_id, created_at DESC, case_id DESC)
  WHERE ops_tenant_id IS NOT NULL;
