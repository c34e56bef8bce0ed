-- Citus: the purchase history and the traffic are distributed by member
-- (the traffic by account, which is the member) and colocated with
-- loyalty_heads, so that a commit recording a purchase or moving traffic
-- stays a transaction on the one worker holding the member.
SELECT create_distributed_table('loyalty_purchases', 'member', colocate_with => 'loyalty_heads');
SELECT create_distributed_table('loyalty_traffic', 'account', colocate_with => 'loyalty_heads');
