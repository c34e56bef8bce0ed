-- Citus: a call of loyalty_commit is sent whole to the worker that holds
-- the member (the function is distributed by its member argument,
-- colocated with loyalty_heads), which runs its statements on its own
-- shards instead of receiving them one by one from the coordinator.
SELECT create_distributed_function(
    'loyalty_commit(text, text, bigint, bigint, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb)',
    'p_member', colocate_with => 'loyalty_heads');
