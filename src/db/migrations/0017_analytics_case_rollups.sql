-- Analytics at scale (issue 9, item 5): the case side of the dashboard read from a rollup instead of the cases of
-- the period, and working-hour durations stored on the case.
--
-- Design: every case contributes "facts" — (Asia/Shanghai day, metric, value) rows under the case's scope columns
-- and filter dimensions — computed by one view, analytics_case_contrib, from the case and the rows hanging off it
-- (clocks, promises, offers, follow-ups, escalations, forwards, revision requests). The case's current facts are
-- kept in analytics_case_facts; their sums per scope × dimensions × day × metric in analytics_case_days. Any write
-- to the case or to one of those rows recomputes that case's facts in the same transaction (subtract the old,
-- add the new), so a reassignment, recategorisation, reopening, merge, deletion or anonymisation moves the case's
-- counts from one bucket to another without a special case per kind of change.

-- Working hours from filing to the first response and to resolution, on the respondent organisation's working
-- calendar, written by the services that record those events (src/services/case-hours.ts). A write that changes
-- one of the inputs (created_at, resolved_at, a first_response clock being met) without writing the hours marks
-- them stale (working_hours_stale); readers compute stale cases on the fly and the backfill stores them.
ALTER TABLE cases ADD COLUMN first_response_wh double precision;
ALTER TABLE cases ADD COLUMN resolution_wh double precision;
ALTER TABLE cases ADD COLUMN working_hours_stale boolean NOT NULL DEFAULT true;

CREATE FUNCTION analytics_case_hours_mark() RETURNS trigger AS $$
BEGIN
  IF (NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at)
     AND NEW.resolution_wh IS NOT DISTINCT FROM OLD.resolution_wh
     AND NEW.working_hours_stale IS NOT DISTINCT FROM OLD.working_hours_stale THEN
    NEW.working_hours_stale := true;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_hours_mark BEFORE UPDATE OF created_at, resolved_at ON cases
  FOR EACH ROW EXECUTE FUNCTION analytics_case_hours_mark();

-- Percentiles of a 30-day period read only these index entries (index-only with a fresh visibility map).
CREATE INDEX cases_respondent_hours_idx ON cases (respondent_tenant_id, created_at)
  INCLUDE (first_response_wh, resolution_wh, working_hours_stale, category, channel, department_id, assignee_id);
CREATE INDEX cases_platform_hours_idx ON cases (platform_tenant_id, created_at)
  INCLUDE (first_response_wh, resolution_wh, working_hours_stale, category, channel, department_id, assignee_id)
  WHERE platform_tenant_id IS NOT NULL;
CREATE INDEX cases_ops_hours_idx ON cases (ops_tenant_id, created_at)
  INCLUDE (first_response_wh, resolution_wh, working_hours_stale, category, channel, department_id, assignee_id)
  WHERE ops_tenant_id IS NOT NULL;
CREATE INDEX cases_hours_stale_idx ON cases (tenant_id, id) WHERE working_hours_stale;
-- The cases behind a root-cause bar, for a platform or an operations company (the respondent has cases_closed_idx).
CREATE INDEX cases_closed_platform_idx ON cases (platform_tenant_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_closed_ops_idx ON cases (ops_tenant_id, closed_at) WHERE closed_at IS NOT NULL;
-- The zero-complaint streak: the last case of each person / department before the end of the period.
CREATE INDEX cases_respondent_assignee_idx ON cases (respondent_tenant_id, assignee_id, created_at);
CREATE INDEX cases_respondent_department_idx ON cases (respondent_tenant_id, department_id, created_at);
CREATE INDEX cases_platform_assignee_idx ON cases (platform_tenant_id, assignee_id, created_at);
CREATE INDEX cases_platform_department_idx ON cases (platform_tenant_id, department_id, created_at);
CREATE INDEX cases_ops_assignee_idx ON cases (ops_tenant_id, assignee_id, created_at);
CREATE INDEX cases_ops_department_idx ON cases (ops_tenant_id, department_id, created_at);
-- The ledger of a period, grouped by person or department.
CREATE INDEX responsibility_ledger_closed_idx ON responsibility_ledger (tenant_id, closed_at);

-- What a case contributes. Metrics (value is a count unless said):
--   on the day filed:      cases, repeats, disputes, bad_reviews, bad_reviews_answered, bad_reviews_revised
--   on a clock's due day:  sla_met, sla_breached, sla_running (running: breached once its due time has passed)
--   on a promise's due day: promises_broken, promises_open (open: unkept once its due time has passed)
--   on an accepted offer's answer day: offers:<type> (count), offer_fen:<type> (sum of amount_fen)
--   on a follow-up's answer day: ratings (count of ratings), rating_sum
--   on an external escalation's submission day: external_escalations
--   on the close day (with a root cause): root_cause:<category>, root_cause_accidental:<category>,
--     root_cause_systemic:<category>
CREATE INDEX promises_case_idx ON promises (case_id);
CREATE INDEX case_forwards_case_idx ON case_forwards (case_id);

-- One UNION ALL branch per source, each a join from cases: a refresh (WHERE case_id = …) becomes index lookups in
-- every branch, the backfill hash joins.
CREATE VIEW analytics_case_contrib AS
  SELECT c.tenant_id, c.id AS case_id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category,
    c.channel, c.department_id, c.assignee_id, x.day, x.metric, x.value
  FROM cases c
  CROSS JOIN LATERAL (VALUES (((c.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date)) d (created_day)
  CROSS JOIN LATERAL (VALUES
      (d.created_day, 'cases'::text, 1::bigint),
      (d.created_day, CASE WHEN c.repeat_count > 0 THEN 'repeats' END, 1),
      (d.created_day, CASE WHEN c.kind = 'bad_review' THEN 'bad_reviews' END, 1),
      (d.created_day, CASE WHEN c.kind = 'bad_review' AND (c.resolved_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM case_sla s WHERE s.tenant_id = c.tenant_id AND s.case_id = c.id
           AND s.target = 'first_response' AND s.met_at IS NOT NULL)) THEN 'bad_reviews_answered' END, 1),
      (d.created_day, CASE WHEN c.kind = 'bad_review' AND EXISTS (SELECT 1 FROM revision_requests r
         WHERE r.tenant_id = c.tenant_id AND r.case_id = c.id AND r.outcome = 'revised') THEN 'bad_reviews_revised' END, 1),
      (((c.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
         CASE WHEN c.closed_at IS NOT NULL AND c.root_cause_category IS NOT NULL
           THEN 'root_cause:' || c.root_cause_category END, 1),
      (((c.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
         CASE WHEN c.closed_at IS NOT NULL AND c.root_cause_category IS NOT NULL AND c.root_cause_type = 'accidental'
           THEN 'root_cause_accidental:' || c.root_cause_category
           WHEN c.closed_at IS NOT NULL AND c.root_cause_category IS NOT NULL AND c.root_cause_type = 'systemic'
           THEN 'root_cause_systemic:' || c.root_cause_category END, 1)
  ) x (day, metric, value)
  WHERE x.metric IS NOT NULL
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((c.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 'disputes', 1
  FROM cases c
  WHERE EXISTS (SELECT 1 FROM case_forwards f WHERE f.case_id = c.id AND (f.reply_kind = 'dispute' OR f.disagreement IS NOT NULL))
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((s.due_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
    CASE WHEN s.met_at IS NOT NULL AND s.met_at <= s.due_at AND s.breached_at IS NULL THEN 'sla_met'
         WHEN s.breached_at IS NOT NULL OR s.met_at > s.due_at OR s.cancelled_at > s.due_at THEN 'sla_breached'
         WHEN s.cancelled_at IS NOT NULL THEN 'sla_cancelled'
         ELSE 'sla_running' END, 1
  FROM cases c JOIN case_sla s ON s.tenant_id = c.tenant_id AND s.case_id = c.id
  WHERE s.due_at IS NOT NULL
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((p.due_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
    CASE WHEN p.state = 'broken' THEN 'promises_broken' ELSE 'promises_open' END, 1
  FROM cases c JOIN promises p ON p.tenant_id = c.tenant_id AND p.case_id = c.id
  WHERE p.due_at IS NOT NULL AND p.state IN ('broken', 'open')
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((o.answered_at AT TIME ZONE 'UTC') + interval '8 hours')::date, m.metric, m.value
  FROM cases c JOIN offers o ON o.tenant_id = c.tenant_id AND o.case_id = c.id
  CROSS JOIN LATERAL (VALUES ('offers:' || o.type, 1::bigint), ('offer_fen:' || o.type, o.amount_fen::bigint)) m (metric, value)
  WHERE o.state = 'accepted' AND o.answered_at IS NOT NULL
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((u.answered_at AT TIME ZONE 'UTC') + interval '8 hours')::date, m.metric, m.value
  FROM cases c JOIN follow_ups u ON u.tenant_id = c.tenant_id AND u.case_id = c.id
  CROSS JOIN LATERAL (VALUES ('ratings', 1::bigint), ('rating_sum', u.rating::bigint)) m (metric, value)
  WHERE u.state = 'answered' AND u.answered_at IS NOT NULL AND u.rating IS NOT NULL
  UNION ALL
  SELECT c.tenant_id, c.id, c.respondent_tenant_id, c.platform_tenant_id, c.ops_tenant_id, c.category, c.channel,
    c.department_id, c.assignee_id, ((e.submitted_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
    'external_escalations', 1
  FROM cases c JOIN escalations e ON e.tenant_id = c.tenant_id AND e.case_id = c.id
  WHERE e.level = 'external' AND e.submitted_at IS NOT NULL;

-- The case's facts as last computed (what to subtract when it changes).
CREATE TABLE analytics_case_facts (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  respondent_tenant_id uuid,
  platform_tenant_id uuid,
  ops_tenant_id uuid,
  category text,
  channel text,
  department_id uuid,
  assignee_id uuid,
  day date NOT NULL,
  metric text NOT NULL,
  value bigint NOT NULL
);
CREATE INDEX analytics_case_facts_case_idx ON analytics_case_facts (case_id);

-- Sums of the facts per scope × dimensions × day × metric: what the dashboard reads.
CREATE TABLE analytics_case_days (
  tenant_id uuid NOT NULL,
  respondent_tenant_id uuid,
  platform_tenant_id uuid,
  ops_tenant_id uuid,
  category text,
  channel text,
  department_id uuid,
  assignee_id uuid,
  day date NOT NULL,
  metric text NOT NULL,
  value bigint NOT NULL,
  CONSTRAINT analytics_case_days_key UNIQUE NULLS NOT DISTINCT (respondent_tenant_id, day, platform_tenant_id,
    ops_tenant_id, tenant_id, category, channel, department_id, assignee_id, metric)
);
CREATE INDEX analytics_case_days_platform_idx ON analytics_case_days (platform_tenant_id, day) WHERE platform_tenant_id IS NOT NULL;
CREATE INDEX analytics_case_days_ops_idx ON analytics_case_days (ops_tenant_id, day) WHERE ops_tenant_id IS NOT NULL;

-- Recompute one case's facts: subtract what it contributed, add what it contributes now (nothing once deleted).
CREATE FUNCTION analytics_case_refresh(cid uuid) RETURNS void AS $$
BEGIN
  IF cid IS NULL THEN RETURN; END IF;
  WITH old AS (
    DELETE FROM analytics_case_facts f WHERE f.case_id = cid RETURNING f.*
  ), moved AS (
    SELECT tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category, channel, department_id,
      assignee_id, day, metric, -sum(value) AS value FROM old GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )
  INSERT INTO analytics_case_days AS d (tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category,
      channel, department_id, assignee_id, day, metric, value)
    SELECT * FROM moved
    ON CONFLICT ON CONSTRAINT analytics_case_days_key DO UPDATE SET value = d.value + excluded.value;
  WITH fresh AS (
    INSERT INTO analytics_case_facts SELECT * FROM analytics_case_contrib x WHERE x.case_id = cid RETURNING *
  ), added AS (
    SELECT tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category, channel, department_id,
      assignee_id, day, metric, sum(value) AS value FROM fresh GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )
  INSERT INTO analytics_case_days AS d (tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category,
      channel, department_id, assignee_id, day, metric, value)
    SELECT * FROM added
    ON CONFLICT ON CONSTRAINT analytics_case_days_key DO UPDATE SET value = d.value + excluded.value;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION analytics_cases_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM analytics_case_refresh(OLD.id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id) THEN
    PERFORM analytics_case_refresh(NEW.id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_analytics_rollup AFTER INSERT OR DELETE OR UPDATE OF id, tenant_id, respondent_tenant_id,
    platform_tenant_id, ops_tenant_id, category, channel, department_id, assignee_id, created_at, repeat_count, kind,
    resolved_at, closed_at, root_cause_category, root_cause_type ON cases
  FOR EACH ROW EXECUTE FUNCTION analytics_cases_rollup();

-- A row hanging off a case changed: recompute that case (both cases when it moved between cases).
CREATE FUNCTION analytics_case_child_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM analytics_case_refresh(OLD.case_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
    PERFORM analytics_case_refresh(NEW.case_id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_sla_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON case_sla
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER promises_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON promises
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER offers_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON offers
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER follow_ups_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON follow_ups
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER escalations_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON escalations
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER case_forwards_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON case_forwards
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();
CREATE TRIGGER revision_requests_analytics_rollup AFTER INSERT OR DELETE OR UPDATE ON revision_requests
  FOR EACH ROW EXECUTE FUNCTION analytics_case_child_rollup();

-- A first_response clock met (or un-met) changes the first-response hours.
CREATE FUNCTION analytics_case_sla_hours_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.target = 'first_response' THEN
      UPDATE cases SET working_hours_stale = true WHERE tenant_id = OLD.tenant_id AND id = OLD.case_id AND NOT working_hours_stale;
    END IF;
  ELSIF NEW.target = 'first_response' AND (TG_OP = 'INSERT' OR NEW.met_at IS DISTINCT FROM OLD.met_at) THEN
    UPDATE cases SET working_hours_stale = true WHERE tenant_id = NEW.tenant_id AND id = NEW.case_id AND NOT working_hours_stale;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_sla_hours_mark AFTER INSERT OR DELETE OR UPDATE OF met_at, target ON case_sla
  FOR EACH ROW EXECUTE FUNCTION analytics_case_sla_hours_mark();

-- Backfill from the existing data in one pass.
INSERT INTO analytics_case_facts SELECT * FROM analytics_case_contrib;
INSERT INTO analytics_case_days (tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category, channel,
    department_id, assignee_id, day, metric, value)
  SELECT tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category, channel, department_id,
    assignee_id, day, metric, sum(value)
  FROM analytics_case_facts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
