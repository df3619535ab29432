-- The open-work queue (status in the open set, newest first) is the hottest read. Partial indexes per visibility
-- column hold only open cases, so a page is a short index range scan even when most of a tenant's history is closed.
-- The status list matches openStatuses in src/domain/vocabulary.ts.
CREATE INDEX cases_respondent_open_idx ON cases (respondent_tenant_id, created_at DESC, id DESC)
  WHERE status IN ('submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'escalated', 'reopened');
CREATE INDEX cases_platform_open_idx ON cases (platform_tenant_id, created_at DESC, id DESC)
  WHERE platform_tenant_id IS NOT NULL
    AND status IN ('submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'escalated', 'reopened');
CREATE INDEX cases_ops_open_idx ON cases (ops_tenant_id, created_at DESC, id DESC)
  WHERE ops_tenant_id IS NOT NULL
    AND status IN ('submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'escalated', 'reopened');

-- "My cases" (assignee + status, newest first) reads straight off this index instead of sorting every match.
DROP INDEX cases_assignee_idx;
CREATE INDEX cases_assignee_idx ON cases (assignee_id, status, created_at DESC, id DESC) WHERE assignee_id IS NOT NULL;
