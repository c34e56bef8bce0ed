-- Citus: every table of a member's ledger is distributed by member and
-- colocated with loyalty_heads, so that everything one ledger operation
-- reads or writes is on one shard of one worker and each statement is
-- routed there whole. loyalty_attributions is distributed by member too
-- (Partner and Attribute name one member). The promo counters are the one
-- table shared by members: distributed by code, each code's counter on one
-- worker, so that a claim adds one worker to the commit at most (see the
-- README for the reference-table alternative, measured).
SELECT create_distributed_table('loyalty_heads', 'member');
SELECT create_distributed_table('loyalty_lots', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_entries', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_records', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_promo_uses', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_attributions', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_promo_counts', 'code', colocate_with => 'none');
