-- loyalty_commit, version 2: as in 003_commit.sql, and besides it records
-- the commit's purchase in loyalty_purchases and moves its traffic in
-- loyalty_traffic, in the same statement, so the ledger's change and the
-- traffic's apply together or not at all. A new refusal:
--   LY005 the account holds less traffic than the commit takes.
-- p_purchase is {"tx", "partner", "category", "at"} or NULL; p_traffic is
-- {"account", "unit", "quantity"} (quantity signed, as text) or NULL. The
-- traffic comes before the promo counters, which stay last. On Citus the
-- purchase and the traffic rows are on the member's worker
-- (005_partners_distribute.citus.sql).
DROP FUNCTION loyalty_commit(text, text, bigint, bigint, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb);

CREATE FUNCTION loyalty_commit(p_member text, p_program text, p_version bigint, p_token bigint,
    p_head jsonb, p_add jsonb, p_upd jsonb, p_entries jsonb, p_records jsonb, p_promo jsonb,
    p_purchase jsonb, p_traffic jsonb)
RETURNS void LANGUAGE plpgsql
-- The tables of the schema the function was created in, whatever the
-- caller's search_path.
SET search_path FROM CURRENT
AS $$
DECLARE
    h   loyalty_heads := jsonb_populate_record(NULL::loyalty_heads, p_head);
    l   loyalty_lots;
    e   loyalty_entries;
    r   loyalty_records;
    n   bigint := jsonb_array_length(p_entries);
    pos bigint;  -- the position of the first entry appended
    top bigint;  -- the highest open lot ID before this commit
    q   numeric; -- the traffic moved
BEGIN
    h.member := p_member; h.program := p_program; h.version := p_version + 1; h.commit_token := p_token;
    IF p_version = 0 THEN
        h.entry_count := n;
        INSERT INTO loyalty_heads VALUES (h.*) ON CONFLICT DO NOTHING;
        pos := 0;
    ELSE
        UPDATE loyalty_heads SET version = h.version, commit_token = h.commit_token, entry_count = entry_count + n,
            currency = h.currency, next_lot = h.next_lot, entries = h.entries, purchases = h.purchases,
            period_start = h.period_start, period_accrued = h.period_accrued, available = h.available,
            pending = h.pending, next_event = h.next_event
        WHERE member = p_member AND program = p_program AND version = p_version
        RETURNING entry_count - n INTO pos;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'LY001', MESSAGE = 'loyalty_commit: version conflict';
    END IF;

    SELECT coalesce(max(id), 0) INTO top FROM loyalty_lots WHERE member = p_member AND program = p_program;
    FOR l IN SELECT * FROM jsonb_populate_recordset(NULL::loyalty_lots, p_upd) LOOP
        IF coalesce(l.remaining, 0) = 0 THEN
            DELETE FROM loyalty_lots WHERE member = p_member AND program = p_program AND id = l.id;
        ELSE
            UPDATE loyalty_lots SET tx = l.tx, rule = l.rule, currency = l.currency, amount = l.amount,
                remaining = l.remaining, pending = l.pending, available_at = l.available_at, expires_at = l.expires_at
            WHERE member = p_member AND program = p_program AND id = l.id;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LY002', MESSAGE = format('loyalty_commit: update of lot %s, which is not open', l.id);
        END IF;
    END LOOP;
    FOR l IN SELECT * FROM jsonb_populate_recordset(NULL::loyalty_lots, p_add) LOOP
        IF l.id <= top THEN
            RAISE EXCEPTION USING ERRCODE = 'LY002', MESSAGE = format('loyalty_commit: lot %s added after lot %s', l.id, top);
        END IF;
        top := l.id;
        IF coalesce(l.remaining, 0) <> 0 THEN
            l.member := p_member; l.program := p_program;
            INSERT INTO loyalty_lots VALUES (l.*);
        END IF;
    END LOOP;

    FOR e IN SELECT * FROM jsonb_populate_recordset(NULL::loyalty_entries, p_entries) LOOP
        e.member := p_member; e.program := p_program; e.position := pos; pos := pos + 1;
        INSERT INTO loyalty_entries VALUES (e.*);
    END LOOP;

    FOR r IN SELECT * FROM jsonb_populate_recordset(NULL::loyalty_records, p_records) LOOP
        r.member := p_member; r.program := p_program; r.created_version := h.version;
        INSERT INTO loyalty_records VALUES (r.*)
        ON CONFLICT (member, program, id) DO UPDATE SET op = r.op, fingerprint = r.fingerprint,
            result_tx = r.result_tx, result_op = r.result_op, currency = r.currency, bonus = r.bonus,
            shortfall = r.shortfall, units = r.units, amount = r.amount, refunded = r.refunded,
            first_lot = r.first_lot, last_lot = r.last_lot, result_rule = r.result_rule;
    END LOOP;

    IF p_purchase IS NOT NULL THEN
        INSERT INTO loyalty_purchases VALUES (p_member, p_program, h.version, p_purchase->>'tx',
            p_purchase->>'partner', p_purchase->>'category', (p_purchase->>'at')::bigint);
    END IF;

    -- The traffic: added, or taken only if the account holds enough.
    IF p_traffic IS NOT NULL THEN
        q := (p_traffic->>'quantity')::numeric;
        IF q > 0 THEN
            INSERT INTO loyalty_traffic AS t VALUES (p_traffic->>'account', p_traffic->>'unit', q)
            ON CONFLICT (account, unit) DO UPDATE SET quantity = t.quantity + q;
        ELSE
            UPDATE loyalty_traffic SET quantity = quantity + q
            WHERE account = p_traffic->>'account' AND unit = p_traffic->>'unit' AND quantity + q >= 0;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'LY005', MESSAGE = format('loyalty_commit: account %s holds less than %s %s',
                    p_traffic->>'account', -q, p_traffic->>'unit');
            END IF;
        END IF;
    END IF;

    -- The promo counters come last: the code's counter is shared by all
    -- members, so its row lock is held for as short a time as possible.
    IF p_promo IS NOT NULL THEN
        INSERT INTO loyalty_promo_uses AS u VALUES (p_member, p_program, p_promo->>'code', 1)
        ON CONFLICT (member, program, code) DO UPDATE SET uses = u.uses + 1
            WHERE (p_promo->>'per_member')::int = 0 OR u.uses < (p_promo->>'per_member')::int;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LY003', MESSAGE = 'loyalty_commit: promo code member limit reached';
        END IF;
        INSERT INTO loyalty_promo_counts AS c VALUES (p_promo->>'program', p_promo->>'code', 1)
        ON CONFLICT (program, code) DO UPDATE SET uses = c.uses + 1
            WHERE (p_promo->>'lim')::bigint = 0 OR c.uses < (p_promo->>'lim')::bigint;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LY004', MESSAGE = 'loyalty_commit: promo code exhausted';
        END IF;
    END IF;
END
$$;

