-- The loyalty ledger: one row per member and program in loyalty_heads, and
-- beside it what grows with the member's history. Every table but
-- loyalty_promo_counts is keyed by member first, so that on Citus it is
-- distributed by member and a member's rows share one shard
-- (002_distribute.citus.sql).
--
-- Money is numeric plus the row's ISO 4217 currency code; a NULL amount is
-- the zero Money (no currency). Instants are bigint nanoseconds since
-- 1970-01-01 UTC (see loyalty_instant below).

CREATE TABLE loyalty_heads (
    member         text    NOT NULL,
    program        text    NOT NULL,
    version        bigint  NOT NULL,  -- bumped by one by every commit
    commit_token   bigint  NOT NULL,  -- chosen by the commit that wrote this version
    entry_count    bigint  NOT NULL,  -- entries appended: the next entry's position
    currency       char(3),
    next_lot       bigint  NOT NULL,
    entries        bigint  NOT NULL,
    purchases      bigint  NOT NULL,
    period_start   bigint  NOT NULL,
    period_accrued numeric,
    available      numeric,
    pending        numeric,
    next_event     bigint  NOT NULL,
    PRIMARY KEY (member, program)
);

-- Open lots only: a lot whose remainder reaches zero is deleted (its
-- history is in loyalty_entries).
CREATE TABLE loyalty_lots (
    member       text    NOT NULL,
    program      text    NOT NULL,
    id           bigint  NOT NULL,
    tx           text    NOT NULL,
    rule         text    NOT NULL,
    currency     char(3),
    amount       numeric,
    remaining    numeric,
    pending      boolean NOT NULL,
    available_at bigint  NOT NULL,  -- the zero instant is the smallest bigint: it sorts first
    expires_at   bigint  NOT NULL,  -- never expires: the largest bigint, so it sorts last
    PRIMARY KEY (member, program, id)
);
-- The two orders the ledger reads lots in, beside ByID (the primary key).
CREATE INDEX loyalty_lots_available_by_expiry ON loyalty_lots (member, program, expires_at, id) WHERE NOT pending;
CREATE INDEX loyalty_lots_pending_by_activation ON loyalty_lots (member, program, available_at, id) WHERE pending;

CREATE TABLE loyalty_entries (
    member    text     NOT NULL,
    program   text     NOT NULL,
    position  bigint   NOT NULL,  -- 0 for the member's first entry in the program
    kind      smallint NOT NULL,
    tx        text     NOT NULL,
    lot       bigint   NOT NULL,
    rule      text     NOT NULL,
    currency  char(3),
    available numeric,
    pending   numeric,
    at        bigint   NOT NULL,
    PRIMARY KEY (member, program, position)
);

CREATE TABLE loyalty_records (
    member          text     NOT NULL,
    program         text     NOT NULL,
    id              text     NOT NULL,
    created_version bigint   NOT NULL,  -- the ledger version that first wrote the record
    op              smallint NOT NULL,
    fingerprint     text     NOT NULL,
    result_tx       text     NOT NULL,
    result_op       smallint NOT NULL,
    currency        char(3),
    bonus           numeric,
    shortfall       numeric,
    units           numeric,
    amount          numeric,
    refunded        numeric,
    first_lot       bigint   NOT NULL,
    last_lot        bigint   NOT NULL,
    PRIMARY KEY (member, program, id)
);

-- A member's redemptions of a promo code in a program.
CREATE TABLE loyalty_promo_uses (
    member  text    NOT NULL,
    program text    NOT NULL,
    code    text    NOT NULL,
    uses    integer NOT NULL,
    PRIMARY KEY (member, program, code)
);

-- All members' redemptions of a promo code: the one table not keyed by
-- member (on Citus distributed by code).
CREATE TABLE loyalty_promo_counts (
    program text   NOT NULL,
    code    text   NOT NULL,
    uses    bigint NOT NULL,
    PRIMARY KEY (program, code)
);

-- The partner each member belongs to, first write wins.
CREATE TABLE loyalty_attributions (
    member  text NOT NULL PRIMARY KEY,
    partner text NOT NULL
);

-- loyalty_instant turns a stored instant into a timestamptz for people
-- (cut to the microsecond): NULL for the zero instant, 'infinity' for an
-- expiry that never comes.
CREATE FUNCTION loyalty_instant(ns bigint) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE ns
        WHEN -9223372036854775808 THEN NULL
        WHEN 9223372036854775807 THEN 'infinity'::timestamptz
        ELSE 'epoch'::timestamptz + (ns / 1000) * interval '1 microsecond'
    END
$$;
