-- Analytics (issue 9): reward/penalty decisions, the orders-per-day rollup behind the complaint rate, the
-- monthly-report send log, and indexes for period scans of cases and orders.

-- A reward or penalty recorded against a person or department of the organisation for a month (奖惩决定).
CREATE TABLE responsibility_decisions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  subject_type text NOT NULL CHECK (subject_type IN ('person', 'department')),
  subject_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reward', 'penalty')),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount_fen bigint CHECK (amount_fen >= 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  decided_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX responsibility_decisions_period_idx ON responsibility_decisions (tenant_id, period, subject_type, subject_id);

-- Orders placed per seller per Asia/Shanghai calendar day, kept in the writing transaction by a trigger so the
-- complaint rate never counts 10 million order rows.
CREATE TABLE analytics_order_days (
  tenant_id uuid NOT NULL,
  day date NOT NULL,
  orders integer NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE FUNCTION analytics_order_day_bump(t uuid, at timestamptz, delta integer) RETURNS void AS $$
BEGIN
  INSERT INTO analytics_order_days AS d (tenant_id, day, orders)
    VALUES (t, ((at AT TIME ZONE 'UTC') + interval '8 hours')::date, delta)
    ON CONFLICT (tenant_id, day) DO UPDATE SET orders = d.orders + excluded.orders;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION analytics_orders_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_order_day_bump(NEW.tenant_id, NEW.placed_at, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM analytics_order_day_bump(OLD.tenant_id, OLD.placed_at, -1);
  ELSIF NEW.placed_at IS DISTINCT FROM OLD.placed_at OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
    PERFORM analytics_order_day_bump(OLD.tenant_id, OLD.placed_at, -1);
    PERFORM analytics_order_day_bump(NEW.tenant_id, NEW.placed_at, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER orders_analytics_rollup AFTER INSERT OR UPDATE OF placed_at, tenant_id OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION analytics_orders_rollup();

INSERT INTO analytics_order_days (tenant_id, day, orders)
  SELECT tenant_id, ((placed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, count(*)::int
  FROM orders GROUP BY 1, 2;

-- One monthly report mailing per organisation and month: the scheduled job runs twice without sending twice.
CREATE TABLE monthly_report_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  recipients integer NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, month)
);

-- Period scans by close time (root causes) and by the first responsible person / department.
CREATE INDEX cases_closed_idx ON cases (respondent_tenant_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX orders_placed_idx ON orders (tenant_id, placed_at);
