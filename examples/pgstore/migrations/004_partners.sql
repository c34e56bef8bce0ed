-- Partners in loyalty: the purchase history that History conditions count,
-- the traffic that conversions move, and the discount a transaction record
-- names. Every new table is keyed first by the column it is distributed by
-- on Citus (005_partners_distribute.citus.sql): the member, or the account,
-- which is the member (the SIM ID). A partner's remuneration account needs
-- no table of its own: it is a ledger in the tables of 001, its partner ID
-- in the member column, so on Citus it is distributed by partner.

-- One row per commit that recorded a purchase (an accrual): the ledger
-- version that wrote it identifies it.
CREATE TABLE loyalty_purchases (
    member   text   NOT NULL,
    program  text   NOT NULL,
    version  bigint NOT NULL,  -- the ledger version of the commit that recorded it
    tx       text   NOT NULL,
    partner  text   NOT NULL,  -- '' for a direct purchase
    category text   NOT NULL,
    at       bigint NOT NULL,  -- nanoseconds since 1970-01-01 UTC, as every instant
    PRIMARY KEY (member, program, version)
);
-- The counts History conditions ask for: by partner (and category), by
-- category, within a window; each an index range.
CREATE INDEX loyalty_purchases_by_partner ON loyalty_purchases (member, program, partner, category, at);
CREATE INDEX loyalty_purchases_by_category ON loyalty_purchases (member, program, category, at);
CREATE INDEX loyalty_purchases_by_time ON loyalty_purchases (member, program, at);

-- An account's traffic by unit: what conversions of traffic into bonus take
-- and conversions of bonus into traffic add, in the commit of the ledger's
-- change. Never negative.
CREATE TABLE loyalty_traffic (
    account  text    NOT NULL,
    unit     text    NOT NULL,
    quantity numeric NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (account, unit)
);

-- The discount a redemption granted (loyalty.Result.Rule); '' otherwise.
ALTER TABLE loyalty_records ADD COLUMN result_rule text NOT NULL DEFAULT '';
