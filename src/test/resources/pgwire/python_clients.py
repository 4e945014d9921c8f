"""Drives Sextant's PostgreSQL endpoint with psycopg2, psycopg 3 and SQLAlchemy 1.4.

Usage: python3 python_clients.py HOST PORT DATABASE USER PASSWORD
Prints one line per check, "ok <name> <detail>" or "fail <name> <detail>"; exits 1 on a failure.
"""
import datetime
import decimal
import sys

host, port, database, user, password = sys.argv[1:6]
failures = 0


def check(name, condition, detail=""):
    global failures
    print(("ok " if condition else "fail ") + name + " " + str(detail), flush=True)
    if not condition:
        failures += 1


def refused(name, run, sqlstate):
    try:
        run()
        check(name, False, "not refused")
    except Exception as e:  # the driver's own error type
        e = getattr(e, "orig", e)  # SQLAlchemy wraps the driver's error
        state = getattr(e, "pgcode", None) or getattr(getattr(e, "diag", None), "sqlstate", None)
        check(name, state == sqlstate, state)


import psycopg2

conn = psycopg2.connect(host=host, port=port, dbname=database, user=user, password=password, sslmode="disable")
cur = conn.cursor()
cur.execute("SELECT DISTINCT region_cd FROM orders")
check("psycopg2.row_policy", cur.fetchall() == [("EMEA",)])
cur.execute(
    "SELECT order_id, order_dt FROM orders WHERE order_id > %s AND order_dt >= %s AND region_cd = %s ORDER BY order_id LIMIT 2",
    (100, datetime.date(2024, 1, 1), "EMEA"),
)
rows = cur.fetchall()
check("psycopg2.parameters", len(rows) == 2 and isinstance(rows[0][1], datetime.date), rows)
conn.rollback()
refused("psycopg2.delete", lambda: cur.execute("DELETE FROM orders"), "0A000")
conn.rollback()
refused("psycopg2.salary", lambda: cur.execute("SELECT annual_salary FROM employees"), "42703")
conn.rollback()
cur.execute("SELECT count(*) FROM orders")
check("psycopg2.usable_after_errors", cur.fetchone()[0] > 0)
named = conn.cursor(name="big")
named.itersize = 7
named.execute("SELECT order_id FROM orders ORDER BY order_id LIMIT 30")
check("psycopg2.named_cursor", len(list(named)) == 30)
named.close()
conn.commit()
conn.close()

import psycopg

with psycopg.connect(host=host, port=port, dbname=database, user=user, password=password, sslmode="disable") as conn:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT order_id, region_cd, is_del FROM orders WHERE order_id > %s AND region_cd = %s AND is_del = %s"
            " ORDER BY order_id LIMIT 3",
            (100, "EMEA", False),
        )
        rows = cur.fetchall()
        check("psycopg3.parameters", len(rows) == 3 and rows[0][1] == "EMEA" and rows[0][2] is False, rows)
        cur.execute("SELECT unit_price FROM order_items WHERE unit_price > %s LIMIT 1", (decimal.Decimal("1.5"),))
        check("psycopg3.decimal", cur.fetchone() is not None)
        cur.execute("SELECT order_id FROM orders WHERE order_id > %s LIMIT 2", (100,), binary=True)
        check("psycopg3.binary", len(cur.fetchall()) == 2)
    conn.rollback()
    refused("psycopg3.delete", lambda: conn.execute("DELETE FROM orders"), "0A000")
    conn.rollback()
    refused("psycopg3.salary", lambda: conn.execute("SELECT annual_salary FROM employees"), "42703")
    conn.rollback()
    check("psycopg3.usable_after_errors", conn.execute("SELECT count(*) FROM orders").fetchone()[0] > 0)

import sqlalchemy

engine = sqlalchemy.create_engine(
    "postgresql://%s:%s@%s:%s/%s?sslmode=disable" % (user, password, host, port, database)
)
with engine.connect() as c:
    inspector = sqlalchemy.inspect(c)
    schema = c.execute(sqlalchemy.text("SELECT current_schema()")).scalar()
    tables = inspector.get_table_names(schema=schema)
    check("sqlalchemy.tables", "orders" in tables and "employees" in tables, tables)
    columns = [col["name"] for col in inspector.get_columns("employees", schema=schema)]
    check("sqlalchemy.columns", "emp_id" in columns and "annual_salary" not in columns, columns)
    pk = inspector.get_pk_constraint("orders", schema=schema)
    check("sqlalchemy.primary_key", pk.get("constrained_columns") == ["order_id"], pk)
    metadata = sqlalchemy.MetaData()
    orders = sqlalchemy.Table("orders", metadata, autoload_with=c, schema=schema)
    count = c.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(orders)).scalar()
    check("sqlalchemy.query", count > 0, count)
    refused("sqlalchemy.delete", lambda: c.execute(sqlalchemy.text("DELETE FROM orders")), "0A000")

sys.exit(1 if failures else 0)
