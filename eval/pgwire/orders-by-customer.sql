-- pgbench script: one read-only statement with a random parameter, as a BI tool's filter would send it
\set id random(1, 2000)
SELECT count(*), max(order_dt) FROM orders WHERE cust_id = :id;
